"use strict";
// Medical crossover: the ICD-10-CM token shape, and the two messages that carry one code each.
const test = require("node:test");
const assert = require("node:assert/strict");
const codes = require("../lib/codes.js");
const messages = require("../lib/messages.js");

test("ICD-10-CM shapes are normalised; CDT codes and other tokens are not ICD codes", () => {
  assert.equal(codes.normalizeIcd("K11.5"), "K11.5");
  assert.equal(codes.normalizeIcd(" k11.5 "), "K11.5");
  assert.equal(codes.normalizeIcd("K115"), "K11.5");
  assert.equal(codes.normalizeIcd("S02.5XXA"), "S02.5XXA");
  assert.equal(codes.normalizeIcd("K11"), "K11");
  assert.equal(codes.normalizeIcd("K1X"), "K1X"); // the shape only: the server says it is no code
  for (const bad of ["D0371", "d0371", "K11.", "K11.55555", "1K1", "KK1", "K1", "K11.5 K11.6", "", null, 115]) {
    assert.equal(codes.normalizeIcd(bad), null, String(bad));
  }
});

test("ICD tokens in text: whole tokens only, never part of a part number or a CDT code", () => {
  const found = codes.findIcdTokens("Dx: K11.5, S02.5XXA. Part B12.34X9/Z, ref AK11.5, D0371, K11.5.2, 0K11");
  assert.deepEqual(found.map((f) => f.icd), ["K11.5", "S02.5XXA"]);
  assert.deepEqual(found[0], { icd: "K11.5", index: 4, length: 5 });
  assert.deepEqual(codes.findIcdTokens("no codes here"), []);
});

test("diagnosis labels", () => {
  for (const label of ["Diagnosis code", "diagnoses", "ICD-10", "dx_1 Dx", "Primary ICD"]) assert.ok(codes.isDiagnosisLabel(label), label);
  for (const label of ["Part number", "Procedure", "Tooth", "Medicaid ID", "", null]) assert.ok(!codes.isDiagnosisLabel(label), String(label));
});

test("diagnoses and diagnosis messages carry one code token each", () => {
  assert.deepEqual(messages.validateMessage(messages.diagnoses("d0371")), { type: "diagnoses", code: "D0371" });
  assert.deepEqual(messages.validateMessage(messages.diagnosis("k115")), { type: "diagnosis", icd: "K11.5" });
  assert.deepEqual(messages.validateMessage({ type: "diagnosis", icd: "S02.5XXA" }), { type: "diagnosis", icd: "S02.5XXA" });
  const bad = [
    { type: "diagnoses", code: "K11.5" },
    { type: "diagnoses", code: "D0371", note: "Quillfeather" },
    { type: "diagnoses" },
    { type: "diagnosis", icd: "D0371" },
    { type: "diagnosis", icd: "Sialolithiasis of Marguerite" },
    { type: "diagnosis", icd: "K11.5", text: "born 1961" },
    { type: "diagnosis", icd: ["K11.5"] },
    { type: "diagnosis", code: "K11.5" },
  ];
  for (const msg of bad) assert.throws(() => messages.validateMessage(msg), messages.MessageError, JSON.stringify(msg));
});

test("the tooltip's crossover section: family labels and the notice, nothing without families", () => {
  const present = require("../lib/present.js");
  const answer = { ok: true, source: "server", notice: "A list to consider, never a coding decision.", families: [{ id: "salivary", label: "Salivary gland and duct disease" }] };
  assert.deepEqual(present.crossoverSection(answer), {
    title: "Medical plan: diagnoses to consider", items: ["Salivary gland and duct disease"], notice: "A list to consider, never a coding decision.",
  });
  assert.equal(present.crossoverSection({ ok: true, families: [] }), null);
  assert.equal(present.crossoverSection({ ok: false, error: {} }), null);
  assert.equal(present.crossoverSection(undefined), null);
  assert.match(present.diagnosisModel({ code: "K11.5", title: "Sialolithiasis", billable: true }).kind, /billable/);
  assert.match(present.diagnosisModel({ code: "K11", title: "Diseases of salivary glands", billable: false }).kind, /heading/);
});
