"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const lines = require("../lib/lines.js");

test("field kinds come from labels", () => {
  assert.equal(lines.fieldKind("Tooth #"), "tooth");
  assert.equal(lines.fieldKind("line[0][surface]"), "surfaces");
  assert.equal(lines.fieldKind("Area of oral cavity"), "area");
  assert.equal(lines.fieldKind("Quadrant"), "area");
  assert.equal(lines.fieldKind("Date of service"), "date");
  assert.equal(lines.fieldKind("DOS"), "date");
  assert.equal(lines.fieldKind("Procedure code"), null);
});

test("patient fields are never a claim-line kind, even when they say date", () => {
  for (const hint of ["Date of birth", "DOB", "patient_dob", "Birthdate", "Member ID", "Patient name", "Subscriber date", "Notes", "Narrative"]) {
    assert.equal(lines.fieldKind(hint), null, hint);
  }
});

test("values are kept only in their own shapes", () => {
  assert.equal(lines.cleanTooth("#03"), "3");
  assert.equal(lines.cleanTooth("k"), "K");
  assert.equal(lines.cleanTooth("33"), null);
  assert.equal(lines.cleanTooth("Smith"), null);
  assert.equal(lines.cleanSurfaces("m,o,d"), "MOD");
  assert.equal(lines.cleanSurfaces("MODBLX"), null);
  assert.deepEqual(lines.cleanArea("upper right"), { quadrant: "UR" });
  assert.deepEqual(lines.cleanArea("20"), { quadrant: "UL" });
  assert.deepEqual(lines.cleanArea("L"), { arch: "L" });
  assert.equal(lines.cleanArea("left side"), null);
  assert.equal(lines.cleanDate("03/02/2026"), "2026-03-02");
  assert.equal(lines.cleanDate("2026-02-30"), null);
  assert.equal(lines.cleanDate("yesterday"), null);
});

test("a line carries the code and its claim-line fields, nothing else", () => {
  const line = lines.buildLine("D2391", [
    { hint: "Date of service", value: "2026-03-02" },
    { hint: "Procedure code", value: "D2391" },
    { hint: "Tooth", value: "30" },
    { hint: "Surfaces", value: "MO" },
    { hint: "Fee", value: "180.00" },
    { hint: "Patient date of birth", value: "1961-04-17" },
    { hint: "Member ID", value: "ZXQ-884213-77" },
    { hint: "Tooth", value: "Quillfeather" },
  ]);
  assert.deepEqual(line, { code: "D2391", date: "2026-03-02", tooth: "30", surfaces: "MO" });
});

test("table rows become one line each; loose codes join only when not already on a line", () => {
  const row1 = { id: 1 };
  const row2 = { id: 2 };
  const { lines: out, owners } = lines.groupLines([
    { code: "D0371", group: row1, fields: [{ hint: "Tooth", value: "" }, { hint: "Date", value: "2026-03-02" }] },
    { code: "D0310", group: row2, fields: [{ hint: "Date", value: "2026-03-02" }] },
    { code: "D0371", group: null, fields: [] },
    { code: "D0140", group: null, fields: [] },
    { code: "D0140", group: null, fields: [] },
  ]);
  assert.deepEqual(out, [
    { code: "D0371", date: "2026-03-02" },
    { code: "D0310", date: "2026-03-02" },
    { code: "D0140" },
  ]);
  assert.deepEqual(owners, [[0], [1], [3, 4]]);
});

test("a code shown twice on one row is one line", () => {
  const row = {};
  const { lines: out, owners } = lines.groupLines([
    { code: "D0371", group: row, fields: [] },
    { code: "D0371", group: row, fields: [] },
    { code: "D0310", group: row, fields: [] },
  ]);
  assert.deepEqual(out, [{ code: "D0371" }, { code: "D0310" }]);
  assert.deepEqual(owners, [[0, 1], [2]]);
});

test("linesKey changes when a claim-line field changes", () => {
  const a = lines.linesKey([{ code: "D2391", tooth: "30" }]);
  assert.equal(a, lines.linesKey([{ code: "D2391", tooth: "30" }]));
  assert.notEqual(a, lines.linesKey([{ code: "D2391", tooth: "31" }]));
});
