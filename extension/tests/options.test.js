"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const options = require("../lib/options.js");

test("nothing stored gives the defaults", () => {
  assert.deepEqual(options.mergeOptions(undefined), { ...options.DEFAULTS, sites: [] });
  assert.equal(options.mergeOptions({}).serverUrl, "http://127.0.0.1:8765");
});

test("stored values win over defaults, one key at a time", () => {
  const merged = options.mergeOptions({ serverUrl: "http://localhost:9001/", detail: "full" });
  assert.equal(merged.serverUrl, "http://localhost:9001");
  assert.equal(merged.detail, "full");
  assert.equal(merged.trigger, "hover");
});

test("invalid stored values fall back to their default", () => {
  const merged = options.mergeOptions({ serverUrl: "javascript:alert(1)", trigger: "telepathy", detail: 3, sites: 7 });
  assert.equal(merged.serverUrl, options.DEFAULT_SERVER_URL);
  assert.equal(merged.trigger, "hover");
  assert.equal(merged.detail, "standard");
  assert.deepEqual(merged.sites, []);
});

test("the server may be on this machine or on the practice network", () => {
  assert.equal(options.cleanServerUrl("http://127.0.0.1:8765/api"), "http://127.0.0.1:8765");
  assert.equal(options.cleanServerUrl("http://192.168.1.5:8765"), "http://192.168.1.5:8765");
  assert.equal(options.cleanServerUrl(" https://CDT.Practice.lan/ "), "https://cdt.practice.lan");
  assert.equal(options.cleanServerUrl("http://practice-server:8765/x?y"), "http://practice-server:8765");
  assert.equal(options.cleanServerUrl("file:///etc/passwd"), null);
  assert.equal(options.cleanServerUrl("ftp://192.168.1.5"), null);
  assert.equal(options.cleanServerUrl("http://user:pw@192.168.1.5"), null);
  assert.equal(options.cleanServerUrl("not a url"), null);
  assert.equal(options.isLoopbackServer("http://127.0.0.1:8765"), true);
  assert.equal(options.isLoopbackServer("http://localhost:1"), true);
  assert.equal(options.isLoopbackServer("https://127.0.0.1:8765"), false); // https is not in the manifest's hosts
  assert.equal(options.isLoopbackServer("http://192.168.1.5:8765"), false);
});

test("stored sites keep only valid match patterns", () => {
  const merged = options.mergeOptions({ sites: ["https://Portal.Example.com/claims/*", "nonsense path/", 7, "<all_urls>"] });
  assert.deepEqual(merged.sites, ["https://portal.example.com/*"]);
});

test("the trigger option decides which pointer events open a tooltip", () => {
  assert.equal(options.triggerHeld("hover", {}), true);
  assert.equal(options.triggerHeld("alt", { altKey: false }), false);
  assert.equal(options.triggerHeld("alt", { altKey: true }), true);
  assert.equal(options.triggerHeld("ctrl", { metaKey: true }), true);
  assert.equal(options.triggerHeld("shift", { shiftKey: false }), false);
});
