// Reading claim lines off the page: which marked codes share a line (a table row or a
// repeated group of fields) and the labelled fields on that line. The values go through
// cdt.lines, which keeps only tooth, surfaces, area and date.
(function (root) {
  "use strict";
  const { groupLines, fieldKind } = root.cdt.lines;
  const FIELDS = "input,select,textarea";

  function repeatedGroup(el) {
    const parent = el.parentElement;
    if (!parent || !el.querySelector(FIELDS)) return false;
    for (const sib of parent.children) {
      if (sib !== el && sib.tagName === el.tagName && sib.className === el.className && sib.querySelector(FIELDS)) return true;
    }
    return false;
  }

  /** The element holding the claim line `el` sits on, or null when it is on none. */
  function lineContainer(el) {
    const row = el.closest("tr, [role='row'], [data-claim-line]");
    if (row) return row;
    const body = el.ownerDocument.body;
    for (let a = el.parentElement; a && a !== body; a = a.parentElement) {
      if (repeatedGroup(a)) return a;
    }
    return null;
  }

  // A table's column headings and the claim-line kind each names, read once per collection.
  function columnsOf(table, memo) {
    let columns = memo.columns.get(table);
    if (!columns) {
      const headRow = (table.tHead && table.tHead.rows[0]) || table.rows[0];
      const headings = headRow ? Array.from(headRow.cells, (c) => (c.tagName === "TH" ? c.textContent.trim() : "")) : [];
      columns = { headings, kinds: headings.map(fieldKind) };
      memo.columns.set(table, columns);
    }
    return columns;
  }

  // <label for=...> texts by id, read once per collection: el.labels costs a document search
  // per field in Chromium (seconds on a 2,000-line claim).
  function labelsById(doc) {
    const map = new Map();
    for (const label of doc.querySelectorAll("label[for]")) {
      const id = label.getAttribute("for");
      map.set(id, (map.has(id) ? map.get(id) + " " : "") + label.textContent);
    }
    return map;
  }

  function labelOf(el, memo) {
    const parts = [el.getAttribute("name"), el.id, el.getAttribute("aria-label"), el.getAttribute("placeholder"), el.getAttribute("title")];
    if (el.id && memo.labels.has(el.id)) parts.push(memo.labels.get(el.id));
    const wrapping = el.closest("label");
    if (wrapping) parts.push(wrapping.textContent);
    return parts.filter(Boolean).join(" ");
  }

  // A table row under headings that name claim-line columns: read those cells only.
  function rowFields(row, memo) {
    const table = row.closest("table");
    if (!table) return null;
    const { headings, kinds } = columnsOf(table, memo);
    if (!kinds.some(Boolean)) return null;
    const fields = [];
    const cells = row.cells;
    for (let i = 0; i < cells.length && i < kinds.length; i++) {
      if (!kinds[i]) continue;
      const field = cells[i].querySelector(FIELDS);
      fields.push({ hint: headings[i], value: field ? root.cdt.scan.fieldValue(field) : cells[i].textContent.trim() });
    }
    return fields;
  }

  // Any other line: every field, named by its own labels.
  function labelledFields(container, memo) {
    const fields = [];
    for (const el of container.querySelectorAll(FIELDS)) fields.push({ hint: labelOf(el, memo), value: root.cdt.scan.fieldValue(el) });
    return fields;
  }

  function fieldsOf(container, memo) {
    return (container.tagName === "TR" && rowFields(container, memo)) || labelledFields(container, memo);
  }

  /**
   * Lines for the claim check from every marked code in `doc`:
   * {lines, elements, marked} where elements[i] lists the page elements of lines[i].
   */
  function collect(doc) {
    const marked = doc.querySelectorAll("[data-cdt-code]");
    const memo = { columns: new Map(), labels: labelsById(doc) };
    const fieldsByContainer = new Map();
    const candidates = new Array(marked.length);
    for (let i = 0; i < marked.length; i++) {
      const el = marked[i];
      const code = el.getAttribute("data-cdt-code");
      const container = lineContainer(el);
      if (container && !fieldsByContainer.has(container)) fieldsByContainer.set(container, fieldsOf(container, memo));
      candidates[i] = { code, group: container, fields: container ? fieldsByContainer.get(container) : [] };
    }
    const { lines, owners } = groupLines(candidates);
    return { lines, elements: owners.map((idx) => idx.map((i) => marked[i])), marked: marked.length };
  }

  root.cdt.claim = { collect, lineContainer };
})(globalThis);
