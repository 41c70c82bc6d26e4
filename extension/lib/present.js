// What the tooltip and the warnings panel show, as plain data; the content script only draws
// it (with textContent). DOM-free so the choices are unit-tested.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).present = api;
})(globalThis, function () {
  "use strict";

  const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
  const LIMITS = { brief: 0, standard: 3, full: 50 };

  /** "In CDT since 2019", "In CDT since before 2000", "…, revised 2021 and 2024"; "" when unknown. */
  function editionLine(entry) {
    const added = entry.added;
    const since = Number.isInteger(added) ? `In CDT since ${added}` : typeof added === "string" && /^before \d{4}$/.test(added) ? `In CDT since ${added}` : "";
    const revised = (entry.revised || []).filter((y) => Number.isInteger(y));
    const rev = revised.length ? `revised ${joinNumbers(revised)}` : "";
    if (since && rev) return `${since}, ${rev}`;
    return since || (rev ? rev[0].toUpperCase() + rev.slice(1) : "");
  }

  /** The first sentence of a text (a plan note's short line), at most about 160 characters. */
  function firstSentence(text) {
    const t = String(text || "").trim();
    const match = /^(.+?[.!?])(?:\s|$)/.exec(t);
    const first = match ? match[1] : t;
    return first.length > 160 ? first.slice(0, 157).replace(/\s+\S*$/, "") + "…" : first;
  }

  /**
   * Tooltip sections for an entry at a detail level ("brief" | "standard" | "full"):
   * {code, heading, subheading, edition, status, sections: [{title, text?, items?, pairs?, notes?}], note, link}.
   * Plan notes (the record's caveats) show their labels at every level, with the first sentence
   * of their text at "standard" and all of it at "full".
   */
  function tooltipModel(entry, detail = "standard") {
    const n = LIMITS[detail] === undefined ? LIMITS.standard : LIMITS[detail];
    const model = { code: entry.code, heading: entry.code, subheading: "", edition: "", status: entry.status, sections: [], note: entry.note || "", link: false };
    if (entry.status === "unknown") {
      model.subheading = "Not a CDT code in the current edition";
      if (entry.suggestions && entry.suggestions.length) {
        model.sections.push({ title: "Did you mean", items: entry.suggestions.slice(0, 5) });
      }
      return model;
    }
    model.subheading = entry.title;
    model.edition = editionLine(entry);
    model.link = true;
    if (entry.status === "deleted") {
      const year = entry.deleted_in ? ` in CDT ${entry.deleted_in}` : "";
      const use = entry.replaced_by && entry.replaced_by.length ? ` Use ${entry.replaced_by.join(" or ")} instead.` : " It has no direct replacement.";
      model.sections.push({ title: "Deleted code", text: `This code was deleted${year}.${use}` });
    }
    if (entry.category) {
      model.sections.push({ title: "Category", text: entry.subcategory ? `${entry.category} · ${entry.subcategory}` : entry.category });
    }
    if (entry.summary) model.sections.push({ title: "What it covers", text: entry.summary });
    if (entry.caveats && entry.caveats.length) {
      const text = (c) => (detail === "full" ? c.text : detail === "brief" ? "" : firstSentence(c.text));
      model.sections.push({ title: "Plan notes", notes: entry.caveats.map((c) => ({ label: c.label, text: text(c) })) });
    }
    if (n === 0) return model;
    const add = (title, items) => {
      if (items && items.length) model.sections.push({ title, items: items.slice(0, n) });
    };
    add("When to use", entry.when_to_use);
    if (entry.confused_with && entry.confused_with.length) {
      model.sections.push({
        title: "Often confused with",
        pairs: entry.confused_with.slice(0, n).map((c) => ({ code: c.code, text: c.difference })),
      });
    }
    add("Documentation checklist", entry.checklist && entry.checklist.length ? entry.checklist : entry.documentation);
    add("Common denial reasons", entry.denial_reasons);
    if (detail === "full") {
      add("Not for", entry.not_for);
      add("Billing notes", entry.billing);
    }
    return model;
  }

  function joinNumbers(numbers) {
    if (numbers.length <= 1) return numbers.join("");
    return numbers.slice(0, -1).join(", ") + " and " + numbers[numbers.length - 1];
  }

  /** One panel row: {severity, message, where, suggestion}. Line numbers are shown from 1. */
  function findingRow(finding) {
    const lines = (finding.lines || []).map((i) => i + 1);
    const codes = finding.codes || [];
    const parts = [];
    if (lines.length) parts.push(`${lines.length === 1 ? "Line" : "Lines"} ${joinNumbers(lines)}`);
    if (codes.length) parts.push(codes.join(", "));
    const severity = SEVERITY_ORDER[finding.severity] === undefined ? "info" : finding.severity;
    return {
      severity,
      message: String(finding.message || ""),
      where: parts.join(" · "),
      suggestion: finding.suggestion ? `Consider ${finding.suggestion}` : "",
    };
  }

  /** Panel rows, errors first, then warnings, then notes, keeping the server's order within each. */
  function panelRows(findings) {
    return (findings || [])
      .map((f, i) => [findingRow(f), i])
      .sort((a, b) => SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1])
      .map(([row]) => row);
  }

  /** "2 warnings, 1 error" style title for the panel. */
  function panelTitle(findings) {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of findings || []) counts[findingRow(f).severity] += 1;
    const words = [];
    for (const [kind, label] of [["error", "error"], ["warning", "warning"], ["info", "note"]]) {
      if (counts[kind]) words.push(`${counts[kind]} ${label}${counts[kind] === 1 ? "" : "s"}`);
    }
    return words.length ? `Claim check: ${words.join(", ")}` : "Claim check: no findings";
  }

  /** The worst severity among findings, or null. */
  function worstSeverity(findings) {
    let worst = null;
    for (const f of findings || []) {
      const s = findingRow(f).severity;
      if (worst === null || SEVERITY_ORDER[s] < SEVERITY_ORDER[worst]) worst = s;
    }
    return worst;
  }

  /**
   * The tooltip's medical-crossover section for a `diagnoses` answer: {title, items, notice},
   * or null when the code has no diagnosis families (or the server did not answer).
   */
  function crossoverSection(answer) {
    if (!answer || !answer.ok || !Array.isArray(answer.families)) return null;
    const items = answer.families.map((f) => f && f.label).filter((label) => typeof label === "string" && label);
    if (!items.length) return null;
    return { title: "Medical plan: diagnoses to consider", items, notice: typeof answer.notice === "string" ? answer.notice : "" };
  }

  /** What the tooltip of an ICD-10-CM code shows: {code, heading, subheading, kind, release}. */
  function diagnosisModel(dx) {
    const kind = dx.billable
      ? "ICD-10-CM code, billable"
      : "ICD-10-CM heading, not billable: a claim needs one of the more specific codes under it";
    return { code: dx.code, heading: dx.code, subheading: dx.title, kind, release: dx.release || "" };
  }

  return {
    tooltipModel, editionLine, firstSentence, findingRow, panelRows, panelTitle, worstSeverity,
    crossoverSection, diagnosisModel,
  };
});
