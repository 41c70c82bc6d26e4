// ICD-10-CM codes on a claim page (medical crossover). Only tokens shaped like an ICD-10-CM code
// that sit in a field or cell labelled as a diagnosis are candidates; the content script asks
// the worker about each token (the token alone) and marks only those the server knows:
// text gets a <span data-cdt-icd>, a form field the data-cdt-icd attribute (its value never changes).
(function (root) {
  "use strict";
  const { findIcdTokens, isDiagnosisLabel } = root.cdt.codes;

  const MAY_CONTAIN = /[A-Za-z]\d[A-Za-z0-9]/;
  const SKIP_PARENTS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION", "TITLE", "TH"]);
  const SKIP_ANCESTORS = "[contenteditable]:not([contenteditable='false']),svg,[data-cdt-code],[data-cdt-icd],[data-cdt-tooltip],[data-cdt-panel]";
  const TEXT_TYPES = new Set(["text", "search"]);

  // The column heading of a table cell and the row's own heading cell (<th> first in the row).
  function cellLabels(cell) {
    const parts = [];
    const row = cell.parentElement;
    const table = cell.closest("table");
    if (row && table) {
      const headRow = (table.tHead && table.tHead.rows[0]) || table.rows[0];
      const index = cell.cellIndex;
      if (headRow && headRow !== row && index >= 0 && headRow.cells[index] && headRow.cells[index].tagName === "TH") {
        parts.push(headRow.cells[index].textContent);
      }
      const first = row.cells && row.cells[0];
      if (first && first !== cell && first.tagName === "TH") parts.push(first.textContent);
    }
    return parts.join(" ");
  }

  /** The words that label a form field: its name, id, ARIA label, placeholder, title, <label>s and column. */
  function fieldLabel(el) {
    const parts = [el.getAttribute("name"), el.id, el.getAttribute("aria-label"), el.getAttribute("placeholder"), el.getAttribute("title")];
    if (el.labels) for (const label of el.labels) parts.push(label.textContent);
    const cell = el.closest("td");
    if (cell) parts.push(cellLabels(cell));
    return parts.filter(Boolean).join(" ");
  }

  /** Whether the text node sits in a diagnosis cell (by its heading) or a diagnosis <label>. */
  function textInDiagnosis(node) {
    const parent = node.parentElement;
    const cell = parent.closest("td");
    if (cell && isDiagnosisLabel(cellLabels(cell))) return true;
    const label = parent.closest("label");
    return Boolean(label && isDiagnosisLabel(label.textContent.replace(node.data, "")));
  }

  /**
   * The candidates under `rootNode`: [{field, icd}] for diagnosis fields holding one ICD-shaped
   * token, [{node, icd, index, length}] for such tokens in diagnosis cells and labels.
   * Fields that no longer hold a candidate lose their mark.
   */
  function candidates(rootNode) {
    const found = [];
    const top = rootNode.nodeType === 1 ? rootNode : rootNode.parentElement;
    if (!top) return found;
    const fields = top.matches("input,textarea") ? [top] : top.querySelectorAll("input,textarea");
    for (const el of fields) {
      if (el.tagName === "INPUT" && !TEXT_TYPES.has(el.type)) continue;
      const value = el.value;
      const tokens = value && MAY_CONTAIN.test(value) ? findIcdTokens(value) : [];
      const icd = tokens.length === 1 && isDiagnosisLabel(fieldLabel(el)) ? tokens[0].icd : null;
      if (icd) found.push({ field: el, icd });
      else if (el.hasAttribute("data-cdt-icd")) el.removeAttribute("data-cdt-icd");
    }
    const texts = [];
    if (rootNode.nodeType === 3) texts.push(rootNode);
    else {
      const walker = rootNode.ownerDocument.createTreeWalker(rootNode, 4 /* SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
    }
    for (const node of texts) {
      const parent = node.parentElement;
      if (!parent || !MAY_CONTAIN.test(node.data) || SKIP_PARENTS.has(parent.tagName) || parent.closest(SKIP_ANCESTORS)) continue;
      if (!textInDiagnosis(node)) continue;
      for (const t of findIcdTokens(node.data)) found.push({ node, ...t, token: node.data.slice(t.index, t.index + t.length) });
    }
    return found;
  }

  /** Marks a candidate the server confirmed as `code` (its canonical spelling). */
  function mark(candidate, code) {
    if (candidate.field) {
      const el = candidate.field;
      if (el.isConnected) el.setAttribute("data-cdt-icd", code);
      return;
    }
    const { node, index, length, token } = candidate;
    // Text candidates are marked last token first, so `node` keeps the text before each one.
    if (!node.isConnected || !node.parentNode || node.data.slice(index, index + length) !== token) return;
    const doc = node.ownerDocument;
    const span = doc.createElement("span");
    span.setAttribute("tabindex", "0");
    span.setAttribute("data-cdt-icd", code);
    span.textContent = token;
    const rest = node.splitText(index);
    rest.data = rest.data.slice(length);
    node.parentNode.insertBefore(span, rest);
    if (!rest.data) rest.remove();
  }

  /** Marks the confirmed candidates: `confirmed(icd)` gives the canonical code or null. */
  function markAll(list, confirmed) {
    const ordered = list.slice().sort((a, b) => (b.index || 0) - (a.index || 0));
    for (const candidate of ordered) {
      const code = confirmed(candidate.icd);
      if (code) mark(candidate, code);
    }
  }

  root.cdt.diagnoses = { candidates, mark, markAll, fieldLabel };
})(globalThis);
