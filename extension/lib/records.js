// Turning server answers and snapshot rows into the one entry shape the tooltip draws.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).records = api;
})(globalThis, function () {
  "use strict";

  const START_SERVER_HINT =
    'Full guidance and claim warnings need the local server: run "cdt-server" ' +
    '(pip install "cdt-data[server]"), then reload this page.';

  const list = (value) => (Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined) : []);

  /** Entry from a full record (GET /codes/<code> or one record of /codes/lookup). */
  function fromRecord(rec) {
    const edition = rec.edition || {};
    return {
      code: rec.code,
      status: rec.status === "deleted" || edition.deleted ? "deleted" : "active",
      title: rec.title || "",
      category: rec.category || "",
      subcategory: rec.subcategory || "",
      summary: rec.summary || "",
      when_to_use: list(rec.when_to_use),
      not_for: list(rec.not_for),
      confused_with: list(rec.confused_with).filter((c) => c && c.code),
      documentation: list(rec.documentation),
      checklist: list(rec.checklist),
      denial_reasons: list(rec.denial_reasons),
      billing: list(rec.billing),
      deleted_in: edition.deleted || null,
      replaced_by: list(edition.replaced_by || rec.replaced_by),
      added: editionAdded(edition.added),
      revised: list(edition.revised).filter((y) => Number.isInteger(y)),
      // Plan notes ("Limits vary by plan", "Alternate benefit"…): label and text, as the server gives them.
      caveats: list(rec.caveats)
        .filter((c) => c && typeof c.label === "string" && c.label)
        .map((c) => ({ id: String(c.id || ""), label: c.label, text: typeof c.text === "string" ? c.text : "" })),
      suggestions: [],
      source: "server",
    };
  }

  /** The edition that first listed the code: a year (2019), a bound ("before 2000"), or null. */
  function editionAdded(added) {
    if (Number.isInteger(added)) return added;
    if (typeof added === "string" && /^before \d{4}$/.test(added.trim())) return added.trim();
    return null;
  }

  function unknown(code, suggestions, source) {
    return { code, status: "unknown", suggestions: list(suggestions).slice(0, 5), source };
  }

  /** Entry from a snapshot row {title, category, summary, status, replaced_by}. */
  function fromSnapshot(code, row) {
    return {
      code, status: row.status, title: row.title, category: row.category, subcategory: "",
      summary: row.summary, when_to_use: [], not_for: [], confused_with: [], documentation: [],
      checklist: [], denial_reasons: [], billing: [], deleted_in: null,
      replaced_by: list(row.replaced_by), added: null, revised: [], caveats: [],
      suggestions: [], source: "snapshot", note: START_SERVER_HINT,
    };
  }

  /** Nearby active codes for an unknown one, from the snapshot: same first digits, closest first. */
  function closeCodes(code, snapshotCodes, limit = 5) {
    const n = Number(code.slice(1));
    return snapshotCodes
      .filter(([c, row]) => row.status === "active" && c.slice(0, 3) === code.slice(0, 3))
      .map(([c]) => c)
      .sort((a, b) => Math.abs(Number(a.slice(1)) - n) - Math.abs(Number(b.slice(1)) - n) || (a < b ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * Entries keyed by code from a /codes/lookup answer:
   * {found: [record...], unknown: [{code, suggestions}], malformed: [...]}. Codes the answer
   * does not mention come back unknown.
   */
  function fromLookup(body, asked) {
    const out = {};
    const found = body && Array.isArray(body.found) ? body.found : [];
    for (const rec of found) if (rec && rec.code) out[rec.code] = fromRecord(rec);
    const unknowns = body && Array.isArray(body.unknown) ? body.unknown : [];
    for (const item of unknowns) if (item && item.code) out[item.code] = unknown(item.code, item.suggestions, "server");
    for (const code of asked) if (!out[code]) out[code] = unknown(code, [], "server");
    return out;
  }

  return { START_SERVER_HINT, editionAdded, fromRecord, fromSnapshot, fromLookup, unknown, closeCodes };
});
