// Finding codes in the page and marking them: text nodes are wrapped in a span, form fields
// are annotated from outside (attribute and outline), so what a form submits never changes.
(function (root) {
  "use strict";
  const { findCodes, mayContainCode, codeInFieldValue } = root.cdt.codes;

  // Text directly inside these is never a code on the page.
  const SKIP_PARENTS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION", "TITLE"]);
  // Nor is text anywhere under these (an editor's own text, drawings).
  const SKIP_ANCESTORS = "[contenteditable]:not([contenteditable='false']),svg";
  const TEXT_INPUT_TYPES = new Set(["text", "search"]); // el.type is "text" when the attribute is missing
  const CODE_FIELDS = "input,textarea,select";
  // What we marked, so checks need no DOM call (each one costs in a content script's world).
  const marked = new WeakSet(); // fields
  const MAY_CONTAIN = /[Dd]\d{4}/; // mayContainCode, inlined in the loop over every input

  function isCodeField(el) {
    const tag = el.tagName;
    if (tag === "INPUT") return TEXT_INPUT_TYPES.has(el.type);
    return tag === "SELECT" || tag === "TEXTAREA";
  }

  function fieldValue(el) {
    if (el.tagName !== "SELECT") return el.value;
    const option = el.selectedOptions && el.selectedOptions[0];
    if (!option) return "";
    // The value when it holds the code ("D0171"), else what the biller sees ("D0171 - re-eval").
    return findCodes(option.value).length ? option.value : option.text;
  }

  // One ready-made span per token text ("D0371", "d0371"), cloned deep: a marked code costs
  // a clone, which matters on a 2,000-line claim.
  let templates = new Map();
  let templatesDoc = null;
  function newSpan(doc, code, token) {
    if (templatesDoc !== doc) {
      templates = new Map();
      templatesDoc = doc;
    }
    let template = templates.get(token);
    if (!template) {
      template = doc.createElement("span");
      template.setAttribute("tabindex", "0");
      template.setAttribute("data-cdt-code", code);
      template.textContent = token;
      templates.set(token, template);
    }
    return template.cloneNode(true);
  }

  // Wraps the codes in `node` (whose text is `text`) with one or two DOM calls: the pieces
  // after the first code's start go in at once (strings become text nodes), and `node` keeps
  // the text before that code, or is replaced when there is none (as splitText would do).
  function wrapTextNode(node, text, doc, codes) {
    const found = findCodes(text);
    if (!found.length) return;
    const first = found[0].index;
    if (found.length === 1) {
      // The common case, without building a list: code, then the text after it.
      const { code, length } = found[0];
      const end = first + length;
      const span = newSpan(doc, code, text.slice(first, end));
      codes.push(code);
      // One insertBefore of one node and a change of the text node's data: no fragment and
      // no new text node (replaceWith/after with strings build both), the costly part on a
      // 2,000-line claim where most description cells start with their code.
      const parent = node.parentNode;
      if (first === 0) {
        if (end === text.length) parent.replaceChild(span, node);
        else {
          node.data = text.slice(end);
          parent.insertBefore(span, node);
        }
      } else {
        node.data = text.slice(0, first);
        parent.insertBefore(span, node.nextSibling);
        if (end < text.length) parent.insertBefore(doc.createTextNode(text.slice(end)), span.nextSibling);
      }
      return;
    }
    const pieces = [];
    let consumed = first;
    for (const { code, index, length } of found) {
      if (index > consumed) pieces.push(text.slice(consumed, index));
      const end = index + length;
      pieces.push(newSpan(doc, code, text.slice(index, end)));
      codes.push(code);
      consumed = end;
    }
    if (consumed < text.length) pieces.push(text.slice(consumed));
    if (first === 0) node.replaceWith(...pieces);
    else {
      node.after(...pieces);
      node.data = text.slice(0, first);
    }
  }

  /** Wraps every code in the text under `rootNode`; returns the codes wrapped. */
  function scanText(rootNode) {
    const hits = [];
    const texts = [];
    if (rootNode.nodeType === 3) {
      const text = rootNode.data;
      if (mayContainCode(text)) {
        hits.push(rootNode);
        texts.push(text);
      }
    } else {
      const walker = rootNode.ownerDocument.createTreeWalker(rootNode, 4 /* SHOW_TEXT */);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.data;
        if (mayContainCode(text)) {
          hits.push(node);
          texts.push(text);
        }
      }
    }
    const codes = [];
    if (!hits.length) return codes;
    // Two queries instead of one closest() per hit when the scanned part holds no editor or
    // drawing and sits in none.
    const doc = hits[0].ownerDocument;
    const top = rootNode.nodeType === 1 ? rootNode : rootNode.parentElement;
    const anyEditors = !top || top.closest(SKIP_ANCESTORS) !== null || top.querySelector(SKIP_ANCESTORS) !== null;
    for (let i = 0; i < hits.length; i++) {
      const node = hits[i];
      const parent = node.parentElement;
      if (!parent) continue;
      const tag = parent.tagName;
      // Our own span, or one marked by an earlier copy of this script (the extension was reloaded).
      if (SKIP_PARENTS.has(tag) || (tag === "SPAN" && parent.hasAttribute("data-cdt-code"))) continue;
      if (anyEditors && parent.closest(SKIP_ANCESTORS)) continue;
      wrapTextNode(node, texts[i], doc, codes);
    }
    return codes;
  }

  function markField(el, value) {
    const code = mayContainCode(value) ? codeInFieldValue(value) : null;
    if (code) {
      if (!marked.has(el) || el.getAttribute("data-cdt-code") !== code) el.setAttribute("data-cdt-code", code);
      marked.add(el);
    } else if (marked.has(el)) {
      marked.delete(el);
      el.removeAttribute("data-cdt-code");
      el.removeAttribute("data-cdt-finding");
    }
    return code;
  }

  /**
   * Marks one form field with the code in its value, or unmarks it; returns its code or null.
   * Fields are annotated from outside (an attribute the page CSS outlines): values never change.
   */
  function scanField(el) {
    return isCodeField(el) ? markField(el, fieldValue(el)) : null;
  }

  /** Marks every field under `rootNode`; returns the codes found. */
  function scanFields(rootNode) {
    const codes = [];
    if (rootNode.nodeType !== 1) return codes;
    if (rootNode.matches(CODE_FIELDS)) {
      const code = scanField(rootNode);
      return code ? [code] : codes;
    }
    // Our tooltip and panel live in shadow roots, which these collections never reach.
    // Indexed loops: iterating a collection with for...of costs a call per step in a content
    // script's world.
    const inputs = rootNode.getElementsByTagName("input");
    for (let i = 0, n = inputs.length; i < n; i++) {
      const el = inputs[i];
      // The value first: most fields hold no code, and then their type need not be read.
      const value = el.value;
      if ((value.length < 5 || !MAY_CONTAIN.test(value)) && !marked.has(el)) continue;
      const code = markField(el, TEXT_INPUT_TYPES.has(el.type) ? value : "");
      if (code) codes.push(code);
    }
    for (const tag of ["textarea", "select"]) {
      const els = rootNode.getElementsByTagName(tag);
      for (let i = 0, n = els.length; i < n; i++) {
        const code = markField(els[i], fieldValue(els[i]));
        if (code) codes.push(code);
      }
    }
    return codes;
  }

  /** Text and fields under `rootNode`: the codes found there (with repeats). */
  function scan(rootNode) {
    const codes = scanText(rootNode);
    if (rootNode.nodeType === 1) for (const code of scanFields(rootNode)) codes.push(code);
    return codes;
  }

  /** Outline the elements a finding concerns (page.css colours them by severity). */
  function flag(el, severity) {
    el.setAttribute("data-cdt-finding", ["error", "warning"].includes(severity) ? severity : "info");
  }

  function unflagAll(doc) {
    for (const el of doc.querySelectorAll("[data-cdt-finding]")) el.removeAttribute("data-cdt-finding");
  }

  root.cdt.scan = { scan, scanField, isCodeField, fieldValue, flag, unflagAll };
})(globalThis);
