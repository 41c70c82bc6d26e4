// The extension's options: one defaults object, merged over what is stored on every read.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).options = api;
})(globalThis, function () {
  "use strict";
  const root = globalThis;

  const DEFAULT_SERVER_URL = "http://127.0.0.1:8765";
  const TRIGGERS = ["hover", "alt", "ctrl", "shift"];
  const DETAIL_LEVELS = ["brief", "standard", "full"];

  // The sites the extension is on for (`sites`, match patterns) are cleaned by cdt.sites.
  const cleanSitesList = (raw) => {
    const sites = root.cdt && root.cdt.sites ? root.cdt.sites : typeof require === "function" ? require("./sites.js") : null;
    return sites.cleanSites(raw);
  };

  const DEFAULTS = Object.freeze({
    serverUrl: DEFAULT_SERVER_URL,
    sites: [], // match patterns of the sites turned on, e.g. "https://portal.example.com/*"
    trigger: "hover", // show tooltips on hover, or only while a modifier key is held
    detail: "standard",
  });

  /**
   * The server's origin ("http://192.168.1.20:8765", "https://cdt.practice.lan"), or null when
   * `raw` is not an http(s) address of a machine. On this machine or on the practice network:
   * any host other than loopback needs its permission, asked for when the option is saved.
   */
  function cleanServerUrl(raw) {
    if (typeof raw !== "string") return null;
    let url;
    try {
      url = new URL(raw.trim());
    } catch (_) {
      return null;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password || !url.hostname) return null;
    return url.origin;
  }

  /** Whether the server is on this machine (the manifest grants those hosts). */
  function isLoopbackServer(serverUrl) {
    try {
      const { hostname, protocol } = new URL(serverUrl);
      return protocol === "http:" && (hostname === "127.0.0.1" || hostname === "localhost");
    } catch (_) {
      return false;
    }
  }

  /** Stored values over the defaults; a stored value that is not valid falls back to its default. */
  function mergeOptions(stored) {
    const s = stored && typeof stored === "object" ? stored : {};
    return {
      serverUrl: cleanServerUrl(s.serverUrl) || DEFAULTS.serverUrl,
      sites: cleanSitesList(s.sites),
      trigger: TRIGGERS.includes(s.trigger) ? s.trigger : DEFAULTS.trigger,
      detail: DETAIL_LEVELS.includes(s.detail) ? s.detail : DEFAULTS.detail,
    };
  }

  /** Whether a pointer event should open a tooltip under the `trigger` option. */
  function triggerHeld(trigger, event) {
    switch (trigger) {
      case "alt":
        return Boolean(event.altKey);
      case "ctrl":
        return Boolean(event.ctrlKey || event.metaKey);
      case "shift":
        return Boolean(event.shiftKey);
      default:
        return true;
    }
  }

  return {
    DEFAULTS, DEFAULT_SERVER_URL, TRIGGERS, DETAIL_LEVELS,
    cleanServerUrl, isLoopbackServer, mergeOptions, triggerHeld,
  };
});
