"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { findCodes, normalizeCode, codeInFieldValue, mayContainCode, uniqueCodes } = require("../lib/codes.js");

test("finds codes in running text with their positions", () => {
  assert.deepEqual(findCodes("Bill D0371 and d0310."), [
    { code: "D0371", index: 5, length: 5 },
    { code: "D0310", index: 15, length: 5 },
  ]);
});

test("finds codes next to punctuation and in lists", () => {
  assert.deepEqual(findCodes("(D0371),D0310;D2391/D2392").map((f) => f.code), ["D0371", "D0310", "D2391", "D2392"]);
});

for (const nearMiss of ["D03711", "XD0371", "AD0371B", "D037", "MBR-ZD0371X", "D0371a", "9D0371", "D03 71", "ID:D0371Z", "D0371-0042", "0042-D0371", "MBR_D0371", "D0371_2"]) {
  test(`no code inside the longer token ${JSON.stringify(nearMiss)}`, () => {
    assert.deepEqual(findCodes(nearMiss), []);
  });
}

test("a code range yields both ends", () => {
  assert.deepEqual(findCodes("D0100-D0999").map((f) => f.code), ["D0100", "D0999"]);
  assert.deepEqual(findCodes("D0371–D0310").map((f) => f.code), ["D0371", "D0310"]);
});

test("junk input finds nothing", () => {
  for (const junk of [null, undefined, 0, {}, "", "D", "€€€€€", "x".repeat(10000)]) assert.deepEqual(findCodes(junk), []);
});

test("repeated calls do not carry regex state over", () => {
  assert.equal(findCodes("D0120 D0140").length, 2);
  assert.equal(findCodes("D0120 D0140").length, 2);
});

test("mayContainCode is a cheap pre-test that never misses a code", () => {
  assert.equal(mayContainCode("no code here"), false);
  assert.equal(mayContainCode("see D0371"), true);
  assert.equal(mayContainCode("D03711"), true); // may, not does
});

test("normalizeCode accepts one code with spaces and lower case only", () => {
  assert.equal(normalizeCode(" d0371 "), "D0371");
  assert.equal(normalizeCode("D0371 D0310"), null);
  assert.equal(normalizeCode("0371"), null);
  assert.equal(normalizeCode(371), null);
});

test("a field's code is the single code in its value", () => {
  assert.equal(codeInFieldValue("D0371"), "D0371");
  assert.equal(codeInFieldValue("D0371 - salivary endoscopy"), "D0371");
  assert.equal(codeInFieldValue("D0371 D0310"), null);
  assert.equal(codeInFieldValue("D03711"), null);
});

test("uniqueCodes sorts and removes repeats", () => {
  assert.deepEqual(uniqueCodes(["D0310", "D0371", "D0310"]), ["D0310", "D0371"]);
});
