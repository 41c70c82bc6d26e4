"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const present = require("../lib/present.js");
const records = require("../lib/records.js");
const snapshot = require("../lib/snapshot.js");

const full = records.fromRecord({
  code: "D0371", title: "Salivary duct endoscopy", category: "Diagnostic", subcategory: "Diagnostic Imaging",
  summary: "A scope in the duct.", when_to_use: ["a", "b", "c", "d"], confused_with: [{ code: "D0310", difference: "dye, not a scope" }],
  checklist: ["note"], denial_reasons: ["no images"], billing: ["varies by payer"], status: "active", edition: {},
});

const titles = (model) => model.sections.map((s) => s.title);

test("detail levels add sections", () => {
  assert.deepEqual(titles(present.tooltipModel(full, "brief")), ["Category", "What it covers"]);
  assert.deepEqual(titles(present.tooltipModel(full, "standard")), [
    "Category", "What it covers", "When to use", "Often confused with", "Documentation checklist", "Common denial reasons",
  ]);
  assert.ok(titles(present.tooltipModel(full, "full")).includes("Billing notes"));
  assert.equal(present.tooltipModel(full, "standard").sections[2].items.length, 3);
  assert.deepEqual(present.tooltipModel(full).sections[3].pairs, [{ code: "D0310", text: "dye, not a scope" }]);
});

test("a deleted code says so and names its replacement", () => {
  const entry = records.fromSnapshot("D0260", snapshot.codes.D0260);
  const model = present.tooltipModel(entry, "standard");
  assert.equal(model.status, "deleted");
  assert.match(model.sections[0].text, /deleted.*Use D0250 instead/);
  assert.match(model.note, /cdt-server/);
});

test("an unknown code says so, with suggestions and no record link", () => {
  const entry = records.unknown("D0372", ["D0371", "D0370"], "server");
  const model = present.tooltipModel(entry);
  assert.match(model.subheading, /Not a CDT code/);
  assert.deepEqual(model.sections, [{ title: "Did you mean", items: ["D0371", "D0370"] }]);
  assert.equal(model.link, false);
});

test("offline suggestions for an unknown code are nearby active codes", () => {
  const near = records.closeCodes("D0372", Object.entries(snapshot.codes));
  assert.ok(near.includes("D0371"));
  assert.ok(near.every((c) => c.startsWith("D03") && snapshot.codes[c].status === "active"));
});

test("a lookup answer becomes entries; codes it does not mention are unknown", () => {
  const rec = { code: "D0371", title: "T", category: "C", summary: "S", status: "active", edition: {} };
  const deleted = { code: "D0260", title: "Old", category: "C", summary: "S", status: "deleted", edition: { deleted: 2016, replaced_by: ["D0250"] } };
  const a = records.fromLookup(
    { found: [rec, deleted], unknown: [{ code: "D0372", suggestions: ["D0371"] }], malformed: [] },
    ["D0260", "D0371", "D0372", "D0999"],
  );
  assert.equal(a.D0371.title, "T");
  assert.equal(a.D0371.source, "server");
  assert.deepEqual([a.D0260.status, a.D0260.deleted_in, a.D0260.replaced_by], ["deleted", 2016, ["D0250"]]);
  assert.deepEqual(a.D0372.suggestions, ["D0371"]);
  assert.equal(a.D0999.status, "unknown");
  assert.deepEqual(records.fromLookup(null, ["D0371"]).D0371.status, "unknown");
});

test("panel rows: errors first, lines counted from 1, suggestion phrased", () => {
  const rows = present.panelRows([
    { rule: "r1", severity: "warning", codes: ["D0371", "D0310"], lines: [0, 1], message: "Both imaging studies", suggestion: null },
    { rule: "r2", severity: "error", codes: ["D2391"], lines: [2], message: "Needs a tooth", suggestion: "D2392" },
  ]);
  assert.deepEqual(rows[0], { severity: "error", message: "Needs a tooth", where: "Line 3 · D2391", suggestion: "Consider D2392" });
  assert.equal(rows[1].where, "Lines 1 and 2 · D0371, D0310");
  assert.equal(present.panelTitle([{ severity: "warning" }, { severity: "error" }, { severity: "warning" }]), "Claim check: 1 error, 2 warnings");
  assert.equal(present.worstSeverity([{ severity: "info" }, { severity: "warning" }]), "warning");
  assert.equal(present.panelTitle([]), "Claim check: no findings");
});

test("plan notes: labels at every level, a short line at standard, the whole text at full", () => {
  const rec = records.fromRecord({
    code: "D2740", title: "Crown", category: "Restorative", summary: "S", status: "active",
    edition: { added: "before 2000", revised: [2021] },
    caveats: [
      { id: "alternate-benefit", label: "Alternate benefit", text: "Many plans pay a lesser fee. The patient owes the difference." },
      { id: "delivery-date", label: "Date of service is the delivery date", text: "Report the seat date." },
      { id: "broken" }, null,
    ],
  });
  assert.equal(rec.caveats.length, 2);
  const notes = (detail) => present.tooltipModel(rec, detail).sections.find((s) => s.title === "Plan notes").notes;
  assert.deepEqual(notes("brief"), [{ label: "Alternate benefit", text: "" }, { label: "Date of service is the delivery date", text: "" }]);
  assert.equal(notes("standard")[0].text, "Many plans pay a lesser fee.");
  assert.equal(notes("full")[0].text, "Many plans pay a lesser fee. The patient owes the difference.");
  assert.equal(present.tooltipModel(rec).edition, "In CDT since before 2000, revised 2021");
  assert.equal(titles(present.tooltipModel(full)).includes("Plan notes"), false);
});

test("the edition line takes a year, a 'before YYYY' bound, or nothing", () => {
  const line = (edition) => present.tooltipModel(records.fromRecord({ code: "D0120", title: "T", status: "active", edition })).edition;
  assert.equal(line({ added: 2019 }), "In CDT since 2019");
  assert.equal(line({ added: "before 2003" }), "In CDT since before 2003");
  assert.equal(line({ added: "before 2003", revised: [2011, 2017, 2024] }), "In CDT since before 2003, revised 2011, 2017 and 2024");
  assert.equal(line({ added: null, revised: [2020] }), "Revised 2020");
  assert.equal(line({ added: "sometime" }), "");
  assert.equal(line({}), "");
  assert.equal(present.firstSentence("One. Two."), "One.");
  assert.ok(present.firstSentence("x".repeat(300)).length <= 160);
});
