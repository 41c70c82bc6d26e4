// Claim lines: which form fields beside a code name its tooth, surfaces, area and date, and
// the privacy filter that lets nothing else through. DOM-free; the content script feeds it
// {code, fields: [{hint, value}]} candidates read from the page.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).lines = api;
})(globalThis, function () {
  "use strict";

  // A field whose label says it holds patient details is never read, whatever its value.
  const PATIENT_HINT = /birth|\bdob\b|born|patient|member|subscriber|insured|name|ssn|phone|address|note|remark|comment|narrative|memo|email/i;
  const KIND_HINTS = [
    ["tooth", /tooth|teeth|\bth\b|\btth\b/i],
    ["surfaces", /surf/i],
    ["area", /quad|arch|area|cavity|region/i],
    ["date", /date|\bdos\b/i],
  ];

  const TOOTH = /^(?:[1-9]|[12]\d|3[0-2]|5[1-9]|[67]\d|8[0-2]|[A-T]S?)$/;
  const SURFACE_LETTERS = "MODBFLI";
  const QUADRANTS = {
    UR: "UR", UL: "UL", LL: "LL", LR: "LR", 10: "UR", 20: "UL", 30: "LL", 40: "LR",
    UPPERRIGHT: "UR", UPPERLEFT: "UL", LOWERLEFT: "LL", LOWERRIGHT: "LR",
  };
  const ARCHES = {
    U: "U", UPPER: "U", MAXILLARY: "U", "01": "U",
    L: "L", LOWER: "L", MANDIBULAR: "L", "02": "L",
  };

  /** The claim-line field kind a label names ("tooth", "surfaces", "area", "date") or null. */
  function fieldKind(hint) {
    if (typeof hint !== "string" || !hint || PATIENT_HINT.test(hint)) return null;
    for (const [kind, pattern] of KIND_HINTS) if (pattern.test(hint)) return kind;
    return null;
  }

  function cleanTooth(raw) {
    const text = String(raw).trim().toUpperCase().replace(/^#/, "");
    const bare = /^\d{1,2}$/.test(text) ? String(Number(text)) : text; // "03" -> "3"
    return TOOTH.test(bare) ? bare : null;
  }

  function cleanSurfaces(raw) {
    const letters = String(raw).toUpperCase().replace(/[\s,;/+-]/g, "");
    if (!letters || letters.length > 5) return null;
    for (const c of letters) if (!SURFACE_LETTERS.includes(c)) return null;
    return letters;
  }

  /** {quadrant} or {arch} from "UR", "upper right", "10", "U", "maxillary", "01"; else null. */
  function cleanArea(raw) {
    const key = String(raw).toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (QUADRANTS[key]) return { quadrant: QUADRANTS[key] };
    if (ARCHES[key]) return { arch: ARCHES[key] };
    return null;
  }

  /** ISO date from "2026-03-02", "03/02/2026" or "3/2/26" (US order); else null. */
  function cleanDate(raw) {
    const text = String(raw).trim();
    let y, m, d;
    let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (match) [, y, m, d] = match.map(Number);
    else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text))) {
      [, m, d, y] = match.map(Number);
      if (y < 100) y += 2000;
    } else return null;
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
    return date.toISOString().slice(0, 10);
  }

  /**
   * One claim line from a code and the labelled fields found with it. Only the code, tooth,
   * surfaces, area (as quadrant or arch) and date survive, and only in their own shapes: a
   * value that does not look like a tooth number is dropped, not sent.
   */
  function buildLine(code, fields) {
    const line = { code };
    for (const field of fields || []) {
      if (!field || typeof field.value !== "string" || !field.value.trim()) continue;
      const kind = fieldKind(field.hint);
      if (kind === "tooth" && !line.tooth) {
        const tooth = cleanTooth(field.value);
        if (tooth) line.tooth = tooth;
      } else if (kind === "surfaces" && !line.surfaces) {
        const surfaces = cleanSurfaces(field.value);
        if (surfaces) line.surfaces = surfaces;
      } else if (kind === "area" && !line.quadrant && !line.arch) {
        Object.assign(line, cleanArea(field.value) || {});
      } else if (kind === "date" && !line.date) {
        const date = cleanDate(field.value);
        if (date) line.date = date;
      }
    }
    return line;
  }

  /**
   * Claim lines from candidates [{code, fields, group}] in page order. One line per code per
   * group (a table row, a repeated field group), however often the code shows on it; a code
   * outside any group becomes a bare line unless the same code already sits on a line.
   * owners[i] lists the candidate indexes behind lines[i].
   */
  function groupLines(candidates) {
    const lines = [];
    const owners = [];
    const byGroup = new Map(); // group -> Map(code -> line index)
    const loose = [];
    (candidates || []).forEach((c, i) => {
      if (c.group === null || c.group === undefined) return loose.push(i);
      let codes = byGroup.get(c.group);
      if (!codes) byGroup.set(c.group, (codes = new Map()));
      if (codes.has(c.code)) return owners[codes.get(c.code)].push(i);
      codes.set(c.code, lines.length);
      lines.push(buildLine(c.code, c.fields));
      owners.push([i]);
    });
    const onLines = new Set(lines.map((l) => l.code));
    const looseByCode = new Map();
    for (const i of loose) {
      const code = candidates[i].code;
      if (onLines.has(code)) continue;
      if (!looseByCode.has(code)) {
        looseByCode.set(code, owners.length);
        lines.push({ code });
        owners.push([]);
      }
      owners[looseByCode.get(code)].push(i);
    }
    return { lines, owners };
  }

  /** A stable string for a set of lines, to skip re-checking a claim that did not change. */
  function linesKey(lines) {
    return JSON.stringify(lines.map((l) => [l.code, l.tooth, l.surfaces, l.quadrant, l.arch, l.date]));
  }

  return { fieldKind, cleanTooth, cleanSurfaces, cleanArea, cleanDate, buildLine, groupLines, linesKey };
});
