"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const sites = require("../lib/sites.js");
const { SUGGESTED } = require("../lib/portals.js");

test("a pattern, an address or a host name becomes a site pattern with the path /*", () => {
  assert.equal(sites.cleanPattern("https://portal.example.com/claims/new?x=1"), "https://portal.example.com/*");
  assert.equal(sites.cleanPattern("Portal.Example.com"), "https://portal.example.com/*");
  assert.equal(sites.cleanPattern("http://127.0.0.1:8080/*"), "http://127.0.0.1:8080/*");
  assert.equal(sites.cleanPattern("https://*.availity.com/*"), "https://*.availity.com/*");
  assert.equal(sites.cleanPattern("*://claims.example.org/*"), "*://claims.example.org/*");
  assert.equal(sites.cleanPattern("https://portal.example.com:443/"), "https://portal.example.com/*");
  assert.equal(sites.cleanPattern("http://[::1]:8080/"), "http://[::1]:8080/*");
});

test("every site at once, other schemes and junk are refused", () => {
  for (const raw of ["<all_urls>", "*://*/*", "https://*/*", "file:///etc/*", "ftp://x.org/*", "", "  ", null, 7,
    "https://exa mple.com/*", "https://example.com:99999/*", "https://*example.com/*", "https://ex*.com/*"]) {
    assert.equal(sites.cleanPattern(raw), null, String(raw));
  }
});

test("stored sites are cleaned and de-duplicated, in order", () => {
  assert.deepEqual(sites.cleanSites(["b.example.com", "https://a.example.com/x", "https://b.example.com/*", 3]),
    ["https://b.example.com/*", "https://a.example.com/*"]);
  assert.deepEqual(sites.cleanSites("https://a.example.com/*"), []);
});

test("a page's site pattern, and the permission a site needs (no port)", () => {
  assert.equal(sites.patternForUrl("http://127.0.0.1:8080/claims/table.html"), "http://127.0.0.1:8080/*");
  assert.equal(sites.patternForUrl("https://portal.example.com/a/b"), "https://portal.example.com/*");
  assert.equal(sites.patternForUrl("chrome://extensions/"), null);
  assert.equal(sites.patternForUrl("about:blank"), null);
  assert.equal(sites.permissionFor("http://127.0.0.1:8080/*"), "http://127.0.0.1/*");
  assert.equal(sites.permissionFor("https://*.availity.com/*"), "https://*.availity.com/*");
});

test("a page matches a site by scheme, host (or subdomain) and port", () => {
  const list = ["https://*.availity.com/*", "http://127.0.0.1:8080/*", "https://portal.example.com/*"];
  assert.equal(sites.siteMatches("https://apps.availity.com/claims", list), true);
  assert.equal(sites.siteMatches("https://availity.com/", list), true);
  assert.equal(sites.siteMatches("https://notavaility.com/", list), false);
  assert.equal(sites.siteMatches("http://127.0.0.1:8080/x", list), true);
  assert.equal(sites.siteMatches("http://127.0.0.1:9090/x", list), false);
  assert.equal(sites.siteMatches("http://portal.example.com/", list), false);
  assert.equal(sites.siteMatches("not a url", list), false);
});

test("adding and removing a site", () => {
  const on = sites.withSite(["https://a.example.com/*"], "https://b.example.com/claims");
  assert.deepEqual(on, ["https://a.example.com/*", "https://b.example.com/*"]);
  assert.deepEqual(sites.withSite(on, "a.example.com"), on);
  assert.deepEqual(sites.withoutSite(on, "https://a.example.com/*"), ["https://b.example.com/*"]);
  assert.equal(sites.label("http://127.0.0.1:8080/*"), "127.0.0.1:8080");
  assert.equal(sites.label("https://*.availity.com/*"), "*.availity.com");
});

test("the suggested portals are valid patterns, https only, none covering every site", () => {
  assert.ok(SUGGESTED.length >= 5);
  for (const { name, pattern } of SUGGESTED) {
    assert.ok(name.length > 3);
    assert.equal(sites.cleanPattern(pattern), pattern);
    assert.ok(pattern.startsWith("https://"), pattern);
  }
});
