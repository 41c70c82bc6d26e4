"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const messages = require("../lib/messages.js");

test("builders make the shapes the service worker accepts", () => {
  for (const msg of [
    messages.lookup(["D0371"]), messages.check([{ code: "D0371" }]), messages.search("pano"),
    messages.record("D0371"), messages.openRecord("D0371"), messages.status(),
  ]) {
    assert.deepEqual(messages.validateMessage(msg), msg);
  }
});

test("lookup codes are normalised, sorted and unique", () => {
  assert.deepEqual(messages.validateMessage({ type: "lookup", codes: ["d0371", " D0310", "D0371"] }), {
    type: "lookup", codes: ["D0310", "D0371"],
  });
});

test("a check line keeps its claim-line fields in canonical form", () => {
  const msg = messages.validateMessage({
    type: "check",
    lines: [{ code: "d2391", tooth: "#30", surfaces: "m,o", quadrant: "LR", date: "03/02/2026" }, { code: "D0340", arch: "U" }],
  });
  assert.deepEqual(msg.lines, [
    { code: "D2391", tooth: "30", surfaces: "MO", quadrant: "LR", date: "2026-03-02" },
    { code: "D0340", arch: "U" },
  ]);
});

const refused = [
  ["unknown type", { type: "fetch", url: "http://evil.example" }],
  ["no type", { codes: ["D0371"] }],
  ["not an object", "lookup"],
  ["extra field on lookup", { type: "lookup", codes: ["D0371"], page: "Patient: Quillfeather" }],
  ["a non-code in codes", { type: "lookup", codes: ["Quillfeather"] }],
  ["codes not a list", { type: "lookup", codes: "D0371" }],
  ["a patient field on a line", { type: "check", lines: [{ code: "D0371", patient: "Quillfeather" }] }],
  ["a narrative on a line", { type: "check", lines: [{ code: "D0371", narrative: "pain when eating" }] }],
  ["a name as the tooth", { type: "check", lines: [{ code: "D0371", tooth: "Quillfeather" }] }],
  ["a date that is not a date", { type: "check", lines: [{ code: "D0371", date: "born 1961" }] }],
  ["a line that is a list", { type: "check", lines: [["D0371"]] }],
  ["a long search", { type: "search", q: "x".repeat(201) }],
  ["extra field on status", { type: "status", url: "x" }],
];
for (const [what, msg] of refused) {
  test(`refuses ${what}`, () => {
    assert.throws(() => messages.validateMessage(msg), messages.MessageError);
  });
}

test("answers are {ok: true, ...} or {ok: false, error: {kind, message}}", () => {
  assert.deepEqual(messages.ok({ hits: [] }), { ok: true, hits: [] });
  assert.deepEqual(messages.error("down", "server"), { ok: false, error: { kind: "server", message: "down" } });
});
