// Building blocks shared by the tooltip and the panel: elements filled with textContent only.
(function (root) {
  "use strict";

  /** A new element of `tag` in `doc`, its text set as text (never parsed as HTML). */
  function el(doc, tag, text, className) {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  root.cdt.dom = { el };
})(globalThis);
