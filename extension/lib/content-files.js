// The content script's files, in order: registered for the turned-on sites and injected for a
// one-off scan by the service worker (the only caller of chrome.scripting).
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).contentFiles = api;
})(globalThis, function () {
  "use strict";
  const JS = Object.freeze([
    "lib/codes.js", "lib/lines.js", "lib/messages.js", "lib/options.js", "lib/sites.js", "lib/present.js",
    "content/scan.js", "content/claim.js", "content/diagnoses.js", "content/dom.js", "content/tooltip.js", "content/panel.js",
    "content/main.js",
  ]);
  const CSS = Object.freeze(["content/page.css"]);
  return { JS, CSS };
});
