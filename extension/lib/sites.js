// The sites the extension is turned on for: match patterns kept in chrome.storage.local under
// `sites` (e.g. "https://portal.example.com/*", "http://127.0.0.1:8080/*"). DOM-free.
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.cdt = root.cdt || {}).sites = api;
})(globalThis, function () {
  "use strict";

  // scheme://host[:port]/path; the host may start with "*." (the domain and its subdomains).
  const PATTERN = /^(https?|\*):\/\/((?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/(.*)$/;

  /**
   * The site pattern for `raw` — a match pattern, a page address or a bare host name — always
   * with the path "/*"; null when it is none, or when it would cover every site.
   */
  function cleanPattern(raw) {
    if (typeof raw !== "string") return null;
    let text = raw.trim().toLowerCase();
    if (!text) return null;
    if (!/^[a-z*]+:\/\//.test(text)) text = "https://" + text;
    const pathStart = text.indexOf("/", text.indexOf("://") + 3);
    const head = pathStart === -1 ? text : text.slice(0, pathStart);
    const match = PATTERN.exec(head + "/*");
    if (!match) return null;
    const [, scheme, host, port] = match;
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
    // The default port is no port: the browsers drop it from page addresses too.
    const keepPort = port !== undefined && !((scheme === "http" && port === "80") || (scheme === "https" && port === "443"));
    return `${scheme}://${host}${keepPort ? ":" + port : ""}/*`;
  }

  /** Valid, distinct site patterns from a stored value (anything else is dropped). */
  function cleanSites(raw) {
    const list = Array.isArray(raw) ? raw : [];
    const out = [];
    for (const item of list) {
      const pattern = cleanPattern(item);
      if (pattern && !out.includes(pattern)) out.push(pattern);
    }
    return out;
  }

  /** The site pattern for a page's address (http and https pages only), else null. */
  function patternForUrl(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (_) {
      return null;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    return cleanPattern(parsed.origin);
  }

  /**
   * The host permission a site needs: its pattern without the port. (A host permission covers
   * every port; Firefox does not match a permission request that names one.)
   */
  function permissionFor(pattern) {
    const clean = cleanPattern(pattern);
    return clean ? clean.replace(/:\d+\/\*$/, "/*") : null;
  }

  /** Whether the page at `url` is one of `sites`. */
  function siteMatches(url, sites) {
    let page;
    try {
      page = new URL(url);
    } catch (_) {
      return false;
    }
    const scheme = page.protocol.slice(0, -1);
    const host = page.hostname;
    return cleanSites(sites).some((pattern) => {
      const [, s, h, port] = PATTERN.exec(pattern);
      if (s !== "*" ? s !== scheme : scheme !== "http" && scheme !== "https") return false;
      if (port !== undefined && port !== page.port) return false;
      return h.startsWith("*.") ? host === h.slice(2) || host.endsWith(h.slice(1)) : host === h;
    });
  }

  /** `sites` with `pattern` added (once) or removed. */
  function withSite(sites, pattern) {
    return cleanSites([...cleanSites(sites), pattern]);
  }
  function withoutSite(sites, pattern) {
    const clean = cleanPattern(pattern);
    return cleanSites(sites).filter((s) => s !== clean);
  }

  /** A short label for a pattern: "portal.example.com", "127.0.0.1:8080", "*.example.com". */
  function label(pattern) {
    const match = PATTERN.exec(pattern);
    if (!match) return String(pattern);
    return match[2] + (match[3] ? ":" + match[3] : "");
  }

  return { cleanPattern, cleanSites, patternForUrl, permissionFor, siteMatches, withSite, withoutSite, label };
});
