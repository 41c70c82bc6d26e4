// Finding CDT code tokens in text. DOM-free: runs in the content script, the service worker,
// the popup and under node --test.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).codes = api;
})(globalThis, function () {
  "use strict";

  // cdt_data.normalize.CODE_IN_TEXT (a D and four digits, not part of a longer token: D03711,
  // XD0371, AD0371B), plus: not joined to digits by - or _ (member IDs such as D0371-0042,
  // 0042_D0371). A range such as D0100-D0999 still yields both codes.
  const CODE_IN_TEXT = /(?<![A-Za-z0-9]|[A-Za-z0-9]_|(?:^|[^Dd0-9])\d+-)[Dd](\d{4})(?![A-Za-z0-9]|[-_]\d)/g;
  const CODE_EXACT = /^[Dd](\d{4})$/;
  // The pre-test, made once: a regex literal in a function is a new object on every call,
  // and the page scan calls this for every text node and field.
  const MAY_CONTAIN = /[Dd]\d{4}/;

  /** Every code token in `text`, in order: [{code, index, length}]. */
  function findCodes(text) {
    if (typeof text !== "string" || text.length < 5) return [];
    const found = [];
    CODE_IN_TEXT.lastIndex = 0;
    let match;
    while ((match = CODE_IN_TEXT.exec(text)) !== null) {
      found.push({ code: "D" + match[1], index: match.index, length: match[0].length });
    }
    return found;
  }

  /** Cheap pre-test before the full scan of a text node. */
  function mayContainCode(text) {
    return typeof text === "string" && text.length >= 5 && MAY_CONTAIN.test(text);
  }

  /** "d0371 " -> "D0371"; anything that is not exactly one code -> null. */
  function normalizeCode(raw) {
    if (typeof raw !== "string") return null;
    const match = CODE_EXACT.exec(raw.trim());
    return match ? "D" + match[1] : null;
  }

  /** The one code in a form field's value ("D0371", "D0371 - sialoendoscopy"), or null. */
  function codeInFieldValue(value) {
    // Most code fields hold the code alone ("D0371"): no need for the full scan.
    if (typeof value === "string" && value.length === 5) {
      const match = CODE_EXACT.exec(value);
      if (match) return "D" + match[1];
    }
    const found = findCodes(value);
    return found.length === 1 ? found[0].code : null;
  }

  /** Sorted unique codes. */
  function uniqueCodes(codes) {
    return Array.from(new Set(codes)).sort();
  }

  // ICD-10-CM code shapes: a letter, a digit, a letter or digit, then an optional dot and up to
  // four more letters or digits (K11.5, S02.5XXA, K115). A CDT code (D0371) has this shape too
  // and is never taken for one. Only tokens in a field labelled as a diagnosis are candidates;
  // the server decides which are codes.
  const ICD_EXACT = /^([A-Za-z]\d[A-Za-z0-9])(?:\.?([A-Za-z0-9]{1,4}))?$/;
  const ICD_IN_TEXT = /(?<![A-Za-z0-9.\-_/])[A-Za-z]\d[A-Za-z0-9](?:\.?[A-Za-z0-9]{1,4})?(?![A-Za-z0-9\-_/]|\.[A-Za-z0-9])/g;
  const DIAGNOSIS_LABEL = /diagnos|\bicd|\bdx\b/i;

  /** "k11.5 " -> "K11.5", "K115" -> "K11.5"; anything not shaped like one ICD-10-CM code -> null. */
  function normalizeIcd(raw) {
    if (typeof raw !== "string" || raw.length > 12) return null;
    const match = ICD_EXACT.exec(raw.trim());
    if (!match) return null;
    const token = raw.trim().toUpperCase();
    if (CODE_EXACT.test(token)) return null; // a CDT code
    return match[2] ? `${match[1].toUpperCase()}.${match[2].toUpperCase()}` : match[1].toUpperCase();
  }

  /** Every ICD-10-CM-shaped token in `text`: [{icd, index, length}] (CDT codes left out). */
  function findIcdTokens(text) {
    if (typeof text !== "string" || text.length < 3) return [];
    const found = [];
    ICD_IN_TEXT.lastIndex = 0;
    let match;
    while ((match = ICD_IN_TEXT.exec(text)) !== null) {
      const icd = normalizeIcd(match[0]);
      if (icd) found.push({ icd, index: match.index, length: match[0].length });
    }
    return found;
  }

  /** Whether a label, column heading or field name says the field holds a diagnosis. */
  function isDiagnosisLabel(text) {
    return typeof text === "string" && DIAGNOSIS_LABEL.test(text);
  }

  return {
    findCodes, mayContainCode, normalizeCode, codeInFieldValue, uniqueCodes,
    normalizeIcd, findIcdTokens, isDiagnosisLabel,
  };
});
