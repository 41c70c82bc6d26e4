"""The claim checker: a table of claim scenarios, the rules' data, bad input, and the contract."""
import dataclasses
import json
import shutil
import subprocess
import sys
import threading

import pytest

import cdt_data
from cdt_data import Finding, InvalidClaimError
from cdt_data.claim_rules import load_rulebook, rulebook
from cdt_data.claims import check_with

D = "2026-03-04"


def L(code, **fields):
    return {"code": code, **fields}


E, W, I = "error", "warning", "info"
ANY_CODE = object()   # some code is suggested; which one depends on the data

# (name, lines, keyword arguments, expected sorted [(rule, severity)], expected suggestion of the first finding)
SCENARIOS = [
    # --- the code itself
    ("malformed", [L("X1")], {}, [("code.malformed", E)], None),
    ("five digits", [L("D12345")], {}, [("code.malformed", E)], None),
    ("empty code", [L("")], {}, [("code.malformed", E)], None),
    ("unknown, no neighbour", [L("D1234")], {}, [("code.unknown", E)], None),
    ("unknown, one keystroke off", [L("D0379")], {}, [("code.unknown", E)], ANY_CODE),
    ("deleted, one replacement", [L("D1352", tooth="3")], {}, [("code.deleted", E)], "D2391"),
    ("deleted, split into several", [L("D9248")], {}, [("code.deleted", E)], "D9244"),
    ("deleted code before its deletion", [L("D1352", tooth="3", date="2025-06-01")], {}, [], None),
    # a deleted code's own requirements no longer matter: no area.missing beside code.deleted
    ("deleted code without its tooth", [L("D1352")], {}, [("code.deleted", E)], "D2391"),
    ("deleted code without its tooth, before its deletion", [L("D1352", date="2025-12-31")], {},
     [("area.missing", E)], None),
    ("not yet valid on the date", [L("D4346", date="2016-05-01")], {}, [("code.not-yet-valid", E)], None),
    ("valid from its edition", [L("D4346", date="2017-01-01")], {}, [], None),
    ("lower-case code with spaces", [L(" d0120 ")], {}, [], None),
    # --- what a line must carry
    ("quadrant missing", [L("D4341")], {}, [("area.missing", E)], None),
    ("tooth missing", [L("D7140")], {}, [("area.missing", E)], None),
    ("arch missing", [L("D9944")], {}, [("area.missing", E)], None),
    ("upper denture needs no area: the code names the arch", [L("D5110")], {}, [], None),
    ("space maintainer with its banded teeth", [L("D1516", tooth="3"), L("D1516", tooth="14")], {}, [], None),
    ("upper space maintainer banded on a lower tooth", [L("D1516", tooth="30")], {},
     [("area.arch-mismatch", E)], "D1517"),
    ("tooth on a whole-mouth code", [L("D0120", tooth="3")], {}, [("area.not-taken", W)], None),
    ("quadrant on a whole-mouth code", [L("D4346", quadrant="UR")], {}, [("area.not-taken", W)], None),
    ("quadrant in words", [L("D4341", quadrant="upper right")], {}, [], None),
    ("quadrant as area number", [L("D4341", quadrant="30")], {}, [], None),
    ("quadrant unreadable", [L("D4341", quadrant="UX")], {}, [("area.quadrant-invalid", E)], None),
    ("upper denture on the lower arch", [L("D5110", arch="L")], {}, [("area.arch-mismatch", E)], "D5120"),
    ("upper denture as area 01", [L("D5110", arch="01")], {}, [], None),
    ("arch unreadable", [L("D5120", arch="sideways")], {}, [("area.arch-invalid", E)], None),
    # the claim form's area of the oral cavity, numbers and letters
    ("quadrant as claim-form area 10", [L("D4341", area="10")], {}, [], None),
    ("quadrant as claim-form area letters", [L("D4341", area="ll")], {}, [], None),
    ("area agrees with the quadrant", [L("D4341", area="30", quadrant="LL")], {}, [], None),
    ("arch as claim-form area 02", [L("D5120", area="02")], {}, [], None),
    ("arch as claim-form area number 2", [L("D5120", area=2)], {}, [], None),
    ("upper denture with area 02", [L("D5110", area="02")], {}, [("area.arch-mismatch", E)], "D5120"),
    ("whole mouth 00 on a quadrant code", [L("D4341", area="00")], {}, [("area.missing", E)], None),
    ("whole mouth 00 on a whole-mouth code", [L("D1110", area="00")], {}, [], None),
    ("sextant 04 on a quadrant code", [L("D4341", area="04")], {}, [("area.missing", E)], None),
    ("area unreadable", [L("D4341", area="99")], {}, [("area.invalid", E)], None),
    ("one digit is not a sextant", [L("D4341", area="3")], {}, [("area.invalid", E)], None),
    ("upper CBCT named by a lower quadrant", [L("D0366", quadrant="LL")], {},
     [("area.arch-mismatch", E), ("area.not-taken", W)], "D0365"),
    # --- tooth numbers and surface letters
    ("tooth 33", [L("D7140", tooth="33")], {}, [("tooth.invalid", E)], None),
    ("tooth U", [L("D7140", tooth="U")], {}, [("tooth.invalid", E)], None),
    ("FDI number in Universal mode", [L("D7140", tooth="36")], {}, [("tooth.invalid", E)], None),
    ("primary and supernumerary teeth", [L("D7140", tooth="A"), L("D7140", tooth="T"), L("D7140", tooth="51"),
                                         L("D7140", tooth="AS"), L("D7140", tooth=82)], {}, [], None),
    ("FDI molar", [L("D3330", tooth="36")], {"tooth_system": "FDI"}, [], None),
    ("FDI molar on the anterior code", [L("D3310", tooth="36")], {"tooth_system": "FDI"}, [("tooth.kind", E)], "D3330"),
    ("FDI number that does not exist", [L("D7140", tooth="19")], {"tooth_system": "FDI"}, [("tooth.invalid", E)], None),
    ("FDI primary molar", [L("D2930", tooth="55")], {"tooth_system": "fdi"}, [], None),
    ("unknown surface letter", [L("D2391", tooth="30", surfaces="X")], {}, [("surfaces.unknown", E)], None),
    ("surface twice", [L("D2392", tooth="30", surfaces="MOM")], {}, [("surfaces.duplicate", W)], None),
    ("incisal on a molar", [L("D2393", tooth="30", surfaces="MID")], {}, [("surfaces.wrong-for-tooth", E)], None),
    ("occlusal on an incisor", [L("D2332", tooth="8", surfaces="MOD")], {}, [("surfaces.wrong-for-tooth", E)], None),
    ("occlusal and incisal together", [L("D2150", tooth="30", surfaces="OI")], {}, [("surfaces.impossible", E)], None),
    ("surfaces missing", [L("D2392", tooth="30")], {}, [("surfaces.missing", E)], None),
    ("surfaces on a crown", [L("D2740", tooth="30", surfaces="MOD")], {}, [("surfaces.not-taken", I)], None),
    # --- surface count against the code's family
    ("MOD on #30 as two surfaces", [L("D2392", tooth="30", surfaces="MOD")], {}, [("surfaces.count", E)], "D2393"),
    ("two surfaces as one", [L("D2391", tooth="30", surfaces="MO")], {}, [("surfaces.count", E)], "D2392"),
    ("two surfaces as four", [L("D2394", tooth="3", surfaces="MO")], {}, [("surfaces.count", E)], "D2392"),
    ("five-surface amalgam as three", [L("D2160", tooth="30", surfaces="MODBL")], {}, [("surfaces.count", E)], "D2161"),
    ("anterior composite, two as one", [L("D2330", tooth="8", surfaces="MF")], {}, [("surfaces.count", E)], "D2331"),
    ("ceramic inlay, three as one", [L("D2610", tooth="14", surfaces="MOD")], {}, [("surfaces.count", E)], "D2630"),
    ("surface counts that fit", [L("D2393", tooth="30", surfaces="MOD"), L("D2394", tooth="3", surfaces="MODBL"),
                                 L("D2335", tooth="8", surfaces="MIFL")], {}, [], None),
    # --- tooth kind and dentition
    ("anterior root canal on a molar", [L("D3310", tooth="3")], {}, [("tooth.kind", E)], "D3330"),
    ("molar root canal on an incisor", [L("D3330", tooth="8")], {}, [("tooth.kind", E)], "D3310"),
    ("molar retreatment on a premolar", [L("D3348", tooth="5")], {}, [("tooth.kind", E)], "D3347"),
    ("molar apicoectomy on an incisor", [L("D3425", tooth="8")], {}, [("tooth.kind", E)], "D3410"),
    ("posterior composite on an incisor", [L("D2391", tooth="8", surfaces="F")], {}, [("tooth.kind", E)], "D2330"),
    ("root canals on the right teeth", [L("D3320", tooth="4"), L("D3330", tooth="19"), L("D3310", tooth="27")], {}, [], None),
    ("primary crown on a permanent molar", [L("D2930", tooth="30")], {}, [("tooth.dentition", E)], "D2931"),
    ("permanent crown on a primary molar", [L("D2931", tooth="K")], {}, [("tooth.dentition", E)], "D2930"),
    ("permanent-tooth crown on a primary molar", [L("D2931", tooth="A")], {}, [("tooth.dentition", E)], "D2930"),
    # D3330 covers primary teeth without a successor too, so a primary molar is not an error
    ("molar root canal on a primary molar", [L("D3330", tooth="A")], {}, [], None),
    # --- dentition and age
    ("adult prophylaxis at 9", [L("D1110")], {"patient_age": 9}, [("age.adult-prophylaxis-child", W)], "D1120"),
    ("adult prophylaxis at 11.5", [L("D1110")], {"patient_age": 11.5}, [("age.adult-prophylaxis-child", W)], "D1120"),
    ("child prophylaxis at 30", [L("D1120")], {"patient_age": 30}, [("age.child-prophylaxis-adult", W)], "D1110"),
    ("prophylaxis codes at matching ages", [L("D1110", date="2026-01-05"), L("D1120", date="2026-02-05")],
     {"patient_age": 13}, [], None),
    ("prophylaxis without an age", [L("D1110")], {}, [], None),
    ("under-three exam at 5", [L("D0145")], {"patient_age": 5}, [("age.d0145-three-or-older", W)], None),
    ("under-three exam at 2", [L("D0145")], {"patient_age": 2}, [], None),
    # at each cut-off exactly (more, generated from the rules, in test_boundaries.py)
    ("adult prophylaxis at 12, the cut-off", [L("D1110")], {"patient_age": 12}, [], None),
    ("child prophylaxis at 14, the cut-off", [L("D1120")], {"patient_age": 14}, [("age.child-prophylaxis-adult", W)], "D1110"),
    ("child prophylaxis at 13.99", [L("D1120")], {"patient_age": 13.99}, [], None),
    ("under-three exam at 3, the cut-off", [L("D0145")], {"patient_age": 3}, [("age.d0145-three-or-older", W)], None),
    # D0145 is also a child's code (under 13): one age warning, not two
    ("under-three exam at 14", [L("D0145")], {"patient_age": 14}, [("age.d0145-three-or-older", W)], None),
    ("child ortho at 13, the end of childhood", [L("D8070")], {"patient_age": 13}, [("age.patient-group", W)], "D8080"),
    ("child ortho at 12.99", [L("D8070")], {"patient_age": 12.99}, [], None),
    ("adolescent ortho at 10, where it starts", [L("D8080")], {"patient_age": 10}, [], None),
    ("adolescent ortho at 35", [L("D8080")], {"patient_age": 35}, [("age.patient-group", W)], "D8090"),
    ("adult ortho at 14", [L("D8090")], {"patient_age": 14}, [("age.patient-group", W)], "D8080"),
    ("ortho codes at matching ages", [L("D8070")], {"patient_age": 8}, [], None),
    # --- same-date conflicts
    ("periodic and comprehensive exam", [L("D0120", date=D), L("D0150", date=D)], {},
     [("same-date.periodic-and-comprehensive-exam", W)], None),
    ("the two exams on different dates", [L("D0120", date=D), L("D0150", date="2025-09-01")], {}, [], None),
    ("prophylaxis with root planing", [L("D1110"), L("D4341", quadrant="UR"), L("D4342", quadrant="LL")], {},
     [("same-date.prophylaxis-and-periodontal-therapy", W)], None),
    ("prophylaxis with perio maintenance", [L("D1110", date=D), L("D4910", date=D)], {},
     [("same-date.prophylaxis-and-periodontal-therapy", W)], None),
    ("gingival scaling with debridement", [L("D4346"), L("D4355")], {},
     [("same-date.gingival-scaling-and-root-planing", W)], None),
    ("debridement with a comprehensive exam", [L("D4355"), L("D0150")], {},
     [("same-date.debridement-and-evaluation", W)], None),
    ("full series with bitewings", [L("D0210"), L("D0274")], {}, [("same-date.full-series-and-bitewings", W)], None),
    ("two fluoride codes", [L("D1206"), L("D1208")], {}, [("same-date.two-fluoride-codes", W)], None),
    ("palliative and filling, same tooth", [L("D9110", tooth="30"), L("D2392", tooth="30", surfaces="MO")], {},
     [("same-date.palliative-and-definitive-treatment", W)], None),
    ("palliative and filling, other tooth", [L("D9110", tooth="30"), L("D2392", tooth="19", surfaces="MO")], {}, [], None),
    # --- add-on codes without their base
    ("further periapical alone", [L("D0230")], {}, [("add-on.d0230-without-d0220", E)], None),
    ("periapicals, first and further", [L("D0220", tooth="8"), L("D0230", tooth="9"), L("D0230", tooth="10")], {}, [], None),
    ("further periapical, base on another date", [L("D0220", date="2026-03-03"), L("D0230", date=D)], {},
     [("add-on.d0230-without-d0220", E)], None),
    ("additional cast post on another tooth", [L("D2952", tooth="9"), L("D2953", tooth="8")], {},
     [("add-on.d2953-without-d2952", E)], None),
    ("additional cast post on the same tooth", [L("D2952", tooth="8"), L("D2953", tooth="8")], {}, [], None),
    ("additional prefabricated post alone", [L("D2957", tooth="8")], {}, [("add-on.d2957-without-d2954", E)], None),
    ("further graft site alone", [L("D4264", tooth="19")], {}, [("add-on.d4264-without-d4263", E)], None),
    ("further connective tissue graft alone", [L("D4283", tooth="7")], {}, [("add-on.d4283-without-d4273", E)], None),
    ("further donor tissue graft alone", [L("D4285", tooth="7")], {}, [("add-on.d4285-without-d4275", E)], None),
    ("grafts, first and further", [L("D4273", tooth="6"), L("D4283", tooth="7")], {}, [], None),
    ("further gingival graft alone", [L("D4278", tooth="24")], {}, [("add-on.d4278-without-d4277", E)], None),
    ("further deep sedation block alone", [L("D9223")], {}, [("add-on.d9223-without-d9222", E)], None),
    ("further IV sedation block alone", [L("D9243")], {}, [("add-on.d9243-without-d9239", E)], None),
    ("IV sedation, three blocks", [L("D9239"), L("D9243"), L("D9243")], {}, [], None),
    ("further apicoectomy root alone", [L("D3426", tooth="3")], {}, [("add-on.d3426-without-apicoectomy", E)], None),
    # --- duplicates and one tooth restored twice
    ("same filling keyed twice", [L("D2391", tooth="30", surfaces="O"), L("D2391", tooth="30", surfaces="O")], {},
     [("duplicate.line", W)], None),
    ("same exam twice on one date", [L("D0120", date=D), L("D0120", date=D)], {}, [("duplicate.line", W)], None),
    ("two fillings on one tooth", [L("D2391", tooth="30", surfaces="O"), L("D2391", tooth="30", surfaces="M")], {},
     [("duplicate.tooth-restored-twice", W)], "D2392"),
    ("three fillings on one tooth", [L("D2391", tooth="3", surfaces="O"), L("D2391", tooth="3", surfaces="B"),
                                     L("D2392", tooth="3", surfaces="DL")], {},
     [("duplicate.tooth-restored-twice", W)], "D2394"),
    ("one tooth filled on two dates", [L("D2391", tooth="30", surfaces="O", date="2026-03-04"),
                                       L("D2391", tooth="30", surfaces="O", date="2026-04-04")], {}, [], None),
    # --- confusable codes, by-report codes
    ("sialendoscopy with sialography", [L("D0371"), L("D0310")], {}, [("confusion.both-on-claim", I)], None),
    ("the two salivary studies on different dates", [L("D0371", date=D), L("D0310", date="2026-01-10")], {}, [], None),
    ("by-report code without narrative", [L("D0999")], {}, [("narrative.missing", W)], None),
    ("by-report code with narrative", [L("D0999", narrative="Salivary flow test; no code describes it.")], {}, [], None),
    ("by-report code with a blank narrative", [L("D2999", tooth="8", narrative="   ")], {}, [("narrative.missing", W)], None),
    # --- ICD-10-CM diagnoses on a line (medical crossover), each rule with a real example
    ("salivary scope for a stone", [L("D0371", diagnoses=["K11.5"])], {}, [], None),
    ("diagnoses without the dot, any case", [L("D0371", diagnoses=["k115", "R220"])], {}, [], None),
    ("diagnoses as one string", [L("D7980", diagnoses="K11.5, R22.0")], {}, [("diagnosis.not-usual", I)], None),
    ("chronic sialadenitis under its listed heading", [L("D0371", diagnoses=["K11.23"])], {}, [], None),
    ("WHO code for TMJ disorders", [L("D7880", narrative="Flat-plane splint.", diagnoses=["K07.6"])], {},
     [("diagnosis.who-only", E)], None),
    ("TMJ disorder heading without the side", [L("D7880", narrative="Flat-plane splint.", diagnoses=["M26.60"])], {},
     [("diagnosis.heading", E)], None),
    ("TMJ arthralgia, left side", [L("D7880", narrative="Flat-plane splint.", diagnoses=["M26.622"])], {}, [], None),
    ("tooth fracture without the 7th character", [L("D2921", tooth="8", diagnoses=["S02.5"])], {},
     [("diagnosis.seventh-missing", E)], None),
    ("tooth fracture with placeholders but no 7th character", [L("D2921", tooth="8", diagnoses=["S02.5XX"])], {},
     [("diagnosis.seventh-missing", E)], None),
    ("tooth fracture, initial encounter", [L("D2921", tooth="8", diagnoses=["S02.5XXA"])], {}, [], None),
    ("7th character without its placeholders", [L("D2921", tooth="8", diagnoses=["S025A"])], {},
     [("diagnosis.unknown", E)], None),
    ("a code that does not exist", [L("D0371", diagnoses=["K11.99"])], {}, [("diagnosis.unknown", E)], None),
    ("not shaped like a diagnosis", [L("D0371", diagnoses=["11.5"])], {}, [("diagnosis.malformed", E)], None),
    ("five diagnoses on a line", [L("D0371", diagnoses=["K11.5", "K11.21", "K11.22", "K11.23", "R22.0"])], {},
     [("diagnosis.too-many", E)], None),
    ("caries code on the salivary scope", [L("D0371", diagnoses=["K02.52"])], {}, [("diagnosis.not-usual", I)], None),
    ("a diagnosis on a code with no crossover list", [L("D0120", diagnoses=["K02.52"])], {}, [], None),
    ("a diagnosis given twice is reported once", [L("D0371", diagnoses=["K07.6", "k07.6"])], {},
     [("diagnosis.who-only", E)], None),
    # --- clean claims: no finding at all
    ("empty claim", [], {}, [], None),
    ("adult recall", [L("D0120", date=D), L("D1110", date=D), L("D0274", date=D)], {"patient_age": 40}, [], None),
    ("child recall", [L("D0120", date=D), L("D1120", date=D), L("D0272", date=D)], {"patient_age": 7}, [], None),
    ("child recall with varnish", [L("D0120", date=D), L("D1120", date=D), L("D1206", date=D)],
     {"patient_age": 7}, [], None),
    ("restorative visit", [L("D2391", tooth="30", surfaces="O"), L("D2392", tooth="19", surfaces="MO"),
                           L("D2330", tooth="8", surfaces="F"), L("D2140", tooth="K", surfaces="O"),
                           L("D2930", tooth="T")], {}, [], None),
    ("root planing, three quadrants", [L("D4341", quadrant="UR"), L("D4341", quadrant="UL"),
                                       L("D4342", quadrant="LL")], {}, [], None),
    ("upper and lower dentures", [L("D5110", arch="U"), L("D5120", arch="mandibular")], {}, [], None),
    ("extractions and new patient exam", [L("D0150", date=D), L("D0330", date=D), L("D7140", tooth="1", date=D),
                                          L("D7210", tooth="32", date=D)], {"patient_age": 22}, [], None),
    ("crown after root canal", [L("D3330", tooth="19", date="2026-01-10"), L("D2740", tooth="19", date="2026-02-10")],
     {}, [], None),
]


def _ids(findings):
    return sorted((f.rule, f.severity) for f in findings)


@pytest.mark.parametrize("name, lines, kwargs, expected, suggestion", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(name, lines, kwargs, expected, suggestion):
    findings = cdt_data.check(lines, **kwargs)
    assert _ids(findings) == sorted(expected)
    if findings and suggestion is ANY_CODE:
        assert cdt_data.get(findings[0].suggestion)
    elif findings:
        assert findings[0].suggestion == suggestion
    for f in findings:
        assert "{" not in f.message and f.message.endswith((".", "?")), f.message
        assert all(0 <= n < len(lines) for n in f.lines) and f.lines


def test_the_table_is_big_enough_and_covers_every_rule():
    assert len(SCENARIOS) >= 60
    assert sum(1 for s in SCENARIOS if not s[3]) >= 10
    covered = {rule for s in SCENARIOS for rule, _ in s[3]}
    assert covered == {r.id for r in rulebook().rules}


DELETED = sorted(p.code for p in cdt_data.codes(include_deleted=True) if p.deleted)


@pytest.mark.parametrize("code", DELETED)
def test_a_deleted_code_draws_its_deletion_and_nothing_else(code):
    # however the line is written (a bare code, here): the replacement's requirements are what count
    findings = cdt_data.check([L(code)], patient_age=40)
    assert [f.rule for f in findings] == ["code.deleted"]
    replaced = cdt_data.get(code).edition.replaced_by
    assert findings[0].suggestion == (replaced[0] if replaced else None)


def test_the_deleted_table_is_not_empty():
    assert len(DELETED) >= 50


# --- what the messages say -----------------------------------------------------------------

def test_surface_count_message_names_the_count_and_the_code():
    [f] = cdt_data.check([L("D2392", tooth=30, surfaces="MOD")])
    assert f.message == "MOD on #30 is 3 surfaces: D2393, not D2392."
    assert f.codes == ("D2392",) and f.lines == (0,)


def test_unknown_code_lists_close_codes():
    [f] = cdt_data.check([L("D0379")])
    assert "D0371" in f.message and f.message.startswith("D0379 is not a CDT 2026 code")


def test_deleted_code_names_every_replacement():
    [f] = cdt_data.check([L("D9248")])
    assert all(c in f.message for c in ("D9244", "D9245", "D9246", "D9247"))


def test_confusion_quotes_the_records_difference():
    [f] = cdt_data.check([L("D0310"), L("D0371")])
    difference = next(c.difference for c in cdt_data.get("D0310").confused_with if c.code == "D0371")
    assert difference in f.message and f.codes == ("D0310", "D0371") and f.lines == (0, 1)


def test_same_date_finding_names_every_partner_line():
    f, _ = cdt_data.check([L("D1110", date=D), L("D0120", date=D), L("D4341", quadrant="UR", date=D),
                           L("D4355", date=D)])
    assert f.lines == (0, 2, 3) and f.codes == ("D1110", "D4341", "D4355") and D in f.message


def test_fdi_tooth_is_named_as_typed_and_in_universal():
    [f] = cdt_data.check([L("D3310", tooth="36")], tooth_system="FDI")
    assert "36" in f.message and "#19" in f.message


def test_tooth_in_the_wrong_system_gets_a_hint():
    [f] = cdt_data.check([L("D7140", tooth="36")])
    assert "FDI" in f.message


def test_age_warnings_say_that_payers_vary():
    for lines, age in (([L("D1110")], 9), ([L("D8080")], 35)):
        [f] = cdt_data.check(lines, patient_age=age)
        assert f.varies_by_payer and "vary" in f.message


# --- order and shape --------------------------------------------------------------------------

def test_findings_sorted_by_severity_then_line():
    findings = cdt_data.check([L("D0371"), L("D0310"), L("D0999"), L("D4341"), L("X")])
    assert [f.severity for f in findings] == ["error", "error", "warning", "info"]
    assert [f.lines[0] for f in findings] == [3, 4, 2, 0]


def test_finding_is_frozen_and_json_ready():
    [f] = cdt_data.check([L("D2392", tooth="30", surfaces="MOD")])
    assert isinstance(f, Finding) and cdt_data.Finding is Finding
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "x"
    d = json.loads(json.dumps(f.to_dict()))
    assert d == {"rule": "surfaces.count", "severity": "error", "codes": ["D2392"], "lines": [0],
                 "message": f.message, "suggestion": "D2393", "source": f.source,
                 "rationale": f.rationale, "varies_by_payer": False, "next_date": None}


def test_lines_may_be_a_tuple_and_dates_date_objects():
    import datetime
    findings = cdt_data.check((L("D0120", date=datetime.date(2026, 3, 4)), L("D0150", date="2026-03-04")))
    assert _ids(findings) == [("same-date.periodic-and-comprehensive-exam", W)]


# --- bad input ----------------------------------------------------------------------------------

BAD = [
    ("not a list", "D0120", {}, None, "lines"),
    ("a dict of lines", {"code": "D0120"}, {}, None, "lines"),
    ("line not a mapping", [L("D0120"), "D0150"], {}, 1, None),
    ("unknown key", [L("D0120", zone="10")], {}, 0, "zone"),
    ("area contradicts the quadrant", [L("D4341", area="10", quadrant="LL")], {}, 0, "area"),
    ("code missing", [{"tooth": "3"}], {}, 0, "code"),
    ("code None", [{"code": None}], {}, 0, "code"),
    ("code a number", [{"code": 120}], {}, 0, "code"),
    ("date unparseable", [L("D0120", date="04/03/2026")], {}, 0, "date"),
    ("date a number", [L("D0120", date=20260304)], {}, 0, "date"),
    ("tooth a list", [L("D7140", tooth=["3"])], {}, 0, "tooth"),
    ("tooth a bool", [L("D7140", tooth=True)], {}, 0, "tooth"),
    ("surfaces a number", [L("D2391", tooth="30", surfaces=1)], {}, 0, "surfaces"),
    ("quadrant a dict", [L("D4341", quadrant={"q": 1})], {}, 0, "quadrant"),
    ("narrative a number", [L("D0999", narrative=5)], {}, 0, "narrative"),
    ("negative age", [L("D0120")], {"patient_age": -1}, None, "patient_age"),
    ("age as text", [L("D0120")], {"patient_age": "9"}, None, "patient_age"),
    ("age a bool", [L("D0120")], {"patient_age": True}, None, "patient_age"),
    ("age not a number", [L("D0120")], {"patient_age": float("nan")}, None, "patient_age"),
    ("unknown tooth system", [L("D0120")], {"tooth_system": "Palmer"}, None, "tooth_system"),
]


@pytest.mark.parametrize("name, lines, kwargs, line, field", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_typed_error_naming_line_and_field(name, lines, kwargs, line, field):
    with pytest.raises(InvalidClaimError) as caught:
        cdt_data.check(lines, **kwargs)
    err = caught.value
    assert isinstance(err, ValueError) and isinstance(err, cdt_data.CdtDataError)
    assert (err.line, err.field) == (line, field)
    if line is not None:
        assert f"line {line + 1} (index {line})" in str(err)
    if field is not None:
        assert repr(field) in str(err)


@pytest.mark.parametrize("junk", ["", "€", "D" * 10_000, "0", "DDDDD", "d 0120", "０１２０", "D٠١٢٠"])
def test_junk_codes_are_findings_not_exceptions(junk):
    findings = cdt_data.check([L(junk)])
    assert [f.rule for f in findings] == ["code.malformed"] and len(findings[0].message) < 200


def test_blank_optional_fields_count_as_absent():
    assert cdt_data.check([L("D0120", tooth="", surfaces="", quadrant=None, arch="", date="", narrative=None)]) == []


# --- the rules as data -------------------------------------------------------------------------

def test_every_rule_has_a_source_and_a_rationale():
    for rule in rulebook().rules:
        assert rule.source.strip() and len(rule.source) > 10, rule.id
        assert rule.rationale.strip() and rule.rationale.endswith("."), rule.id
        assert rule.severity in ("error", "warning", "info") and isinstance(rule.varies_by_payer, bool)


def test_rule_codes_and_alternatives_are_real_codes(root):
    known = {p.code for p in cdt_data.codes(include_deleted=True)}
    for path in (root / "cdt_data" / "rules").glob("*.json"):
        data = json.loads(path.read_text())
        for rule in data["rules"]:
            named = [c for key in ("codes", "with", "base", "repeatable") for item in rule.get(key, ())
                     for c in item.split("-")]   # a range's two ends must be codes too
            named += [rule["suggestion"]] if "suggestion" in rule else []
            assert set(named) <= known, (rule["id"], sorted(set(named) - known))
        for group in data.get("alternatives", ()):
            assert set(group) <= known, (path.name, group)


def test_rule_ids_are_unique_and_one_file_per_family(root):
    files = sorted((root / "cdt_data" / "rules").glob("*.json"))
    families = [json.loads(p.read_text())["family"] for p in files]
    assert len(families) == len(set(families)) >= 9
    ids = [r.id for r in rulebook().rules]
    assert len(ids) == len(set(ids))


def test_adding_a_rule_is_a_data_change(tmp_path, root):
    folder = tmp_path / "rules"
    shutil.copytree(root / "cdt_data" / "rules", folder)
    extra = json.loads((folder / "same_date.json").read_text())
    extra["rules"].append({
        "id": "same-date.test-sealant-and-filling", "check": "same_date_pair", "severity": "warning",
        "codes": ["D1351"], "with": ["D2391"], "same_tooth": True,
        "message": "{code} and {others} on {tooth}.", "rationale": "Test.", "source": "test", "varies_by_payer": True,
    })
    (folder / "same_date.json").write_text(json.dumps(extra))
    lines = [L("D1351", tooth="30"), L("D2391", tooth="30", surfaces="O")]
    before = {f.rule for f in cdt_data.check(lines)}
    after = check_with(load_rulebook(folder), lines)
    [f] = [f for f in after if f.rule not in before]
    assert f.rule == "same-date.test-sealant-and-filling" and f.message == "D1351 and D2391 on #30."


def test_damaged_rule_file_is_a_data_file_error(tmp_path):
    (tmp_path / "bad.json").write_text('{"family": "x", "rules": [{"id": "x"}]}')
    with pytest.raises(cdt_data.DataFileError, match="lacks"):
        load_rulebook(tmp_path)


# --- loading ---------------------------------------------------------------------------------

def test_import_does_not_load_the_checker():
    code = ("import sys, cdt_data; assert 'cdt_data.claims' not in sys.modules; "
            "cdt_data.check([{'code': 'D0120'}]); assert 'cdt_data.claims' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_concurrent_first_checks_agree():
    import cdt_data.claim_rules as claim_rules
    import cdt_data.claims as claims
    claim_rules._book, claims._plan = None, None
    lines = [L("D2392", tooth="30", surfaces="MOD"), L("D0120"), L("D0150")]
    results = []
    threads = [threading.Thread(target=lambda: results.append(_ids(cdt_data.check(lines)))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r == results[0] for r in results) and len(results[0]) == 2


# --- the claim-line area principle, generated from every record ----------------------------
# The claim form asks for the area of the oral cavity only when the code is reported per area
# and its own name does not already fix which (docs/data-format.md, "Claim-line areas").
FIXED_ARCH = sorted(p.code for p in cdt_data.codes() if p.requires.arch)
OTHER_ARCH = {"maxillary": "L", "mandibular": "U"}


def test_the_fixed_arch_table_is_not_empty():
    assert len(FIXED_ARCH) >= 100


@pytest.mark.parametrize("code", FIXED_ARCH)
def test_a_code_that_names_its_arch_needs_no_area(code):
    assert [f.rule for f in cdt_data.check([{"code": code}], patient_age=40)
            if f.rule.startswith("area.")] == []


@pytest.mark.parametrize("code", FIXED_ARCH)
def test_a_code_that_names_its_arch_accepts_that_arch(code):
    own = "U" if cdt_data.get(code).requires.arch == "maxillary" else "L"
    assert [f.rule for f in cdt_data.check([{"code": code, "arch": own}], patient_age=40)
            if f.rule.startswith("area.")] == []


@pytest.mark.parametrize("code", FIXED_ARCH)
def test_a_code_that_names_its_arch_flags_the_other_arch(code):
    other = OTHER_ARCH[cdt_data.get(code).requires.arch]
    rules = [f.rule for f in cdt_data.check([{"code": code, "arch": other}], patient_age=40)]
    assert "area.arch-mismatch" in rules


# --- every message word for word ------------------------------------------------------------
# The message is what a biller reads: each template's fields (the tooth as typed and in Universal,
# the article, the surface count and span, the replacement codes) are checked here exactly.
MESSAGES = [
    ([{'code': 'D7140', 'tooth': '36'}], {},
     [('tooth.invalid', None, "'36' is not a tooth number in Universal numbering (1-32, A-T, 51-82 or AS-TS). It is a valid FDI number: check the tooth system.")]),
    ([{'code': 'D7140', 'tooth': '19'}], {'tooth_system': 'FDI'},
     [('tooth.invalid', None, "'19' is not a tooth number in FDI numbering (11-48 or 51-85). It is a valid Universal number: check the tooth system.")]),
    ([{'code': 'D7140', 'tooth': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'}], {},
     [('tooth.invalid', None, "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not a tooth number in Universal numbering (1-32, A-T, 51-82 or AS-TS).")]),
    ([{'code': 'D4341', 'quadrant': 'UX'}], {},
     [('area.quadrant-invalid', None, "'UX' is not a quadrant; use UR, UL, LL or LR (or the area numbers 10, 20, 30, 40).")]),
    ([{'code': 'D4341', 'area': '99'}], {},
     [('area.invalid', None, "'99' is not an area of the oral cavity; use 00 (whole mouth), 01 or 02 (upper or lower arch), 10, 20, 30 or 40 (quadrants), or the letters U, L, UR, UL, LL, LR.")]),
    ([{'code': 'D5120', 'arch': 'sideways'}], {},
     [('area.arch-invalid', None, "'sideways' is not an arch; use U (maxillary, area 01) or L (mandibular, area 02).")]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': 'XO'}], {},
     [('surfaces.unknown', None, "'X' on D2391 is not a surface letter; surfaces are M, O, D, B, F, L and I.")]),
    ([{'code': 'D2392', 'tooth': '30', 'surfaces': 'MOM'}], {},
     [('surfaces.duplicate', None, 'Surface M is listed more than once on D2392 (MO); each surface counts once.')]),
    ([{'code': 'D2150', 'tooth': '30', 'surfaces': 'OI'}], {},
     [('surfaces.impossible', None, 'IO cannot be surfaces of one tooth on D2150: I and F name anterior surfaces, O and B posterior ones.')]),
    ([{'code': 'D2393', 'tooth': '30', 'surfaces': 'MID'}], {},
     [('surfaces.wrong-for-tooth', None, '#30 is a molar tooth, so it has no I surface (D2393); use O and B for its biting and cheek-side surfaces.')]),
    ([{'code': 'D2332', 'tooth': '8', 'surfaces': 'MOD'}], {},
     [('surfaces.wrong-for-tooth', None, '#8 is an anterior tooth, so it has no O surface (D2332); use I and F for its edge and lip-side surfaces.')]),
    ([{'code': 'X1'}], {},
     [('code.malformed', None, "'X1' is not a CDT code: a code is D followed by four digits, such as D0120.")]),
    ([{'code': 'D1234'}], {},
     [('code.unknown', None, 'D1234 is not a CDT 2026 code; check the code on the chart.')]),
    ([{'code': 'D1352'}], {},
     [('code.deleted', 'D2391', 'D1352 was deleted in CDT 2026; report D2391 instead.')]),
    ([{'code': 'D9248'}], {},
     [('code.deleted', 'D9244', 'D9248 was deleted in CDT 2026; report D9244 or D9245 or D9246 or D9247 instead.')]),
    ([{'code': 'D4346', 'date': '2016-05-01'}], {},
     [('code.not-yet-valid', None, 'D4346 was added in CDT 2017, so it cannot be reported for a service on 2016-05-01.')]),
    ([{'code': 'D4341'}], {},
     [('area.missing', None, 'D4341 is reported per quadrant, but the line names no quadrant.')]),
    ([{'code': 'D0120', 'tooth': '3'}], {},
     [('area.not-taken', None, 'D0120 is not reported per tooth; it covers the whole mouth or the visit, so leave the area off.')]),
    ([{'code': 'D4346', 'quadrant': 'UR', 'arch': 'U'}], {},
     [('area.not-taken', None, 'D4346 is not reported per quadrant or arch; it covers the whole mouth or the visit, so leave the area off.')]),
    ([{'code': 'D5110', 'arch': 'L'}], {},
     [('area.arch-mismatch', 'D5120', 'D5110 is a maxillary code, but the line names the mandibular arch (arch L); report D5120 instead.')]),
    ([{'code': 'D0366', 'quadrant': 'LL'}], {},
     [('area.arch-mismatch', 'D0365', 'D0366 is a maxillary code, but the line names the mandibular arch (quadrant LL); report D0365 instead.'), ('area.not-taken', None, 'D0366 is not reported per quadrant; it is reported per arch.')]),
    ([{'code': 'D2392', 'tooth': '30'}], {},
     [('surfaces.missing', None, 'D2392 is reported by the number of surfaces restored, but the line lists no surfaces.')]),
    ([{'code': 'D2740', 'tooth': '30', 'surfaces': ['M', 'O']}], {},
     [('surfaces.not-taken', None, 'D2740 is not reported by surface; the surfaces MO on the line will be ignored or questioned.')]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': 'MO'}], {},
     [('surfaces.count', 'D2392', 'MO on #30 is 2 surfaces: D2392, not D2391.')]),
    ([{'code': 'D2160', 'tooth': '30', 'surfaces': 'MODBL'}], {},
     [('surfaces.count', 'D2161', 'MODBL on #30 is 5 surfaces: D2161, not D2160.')]),
    ([{'code': 'D2335', 'tooth': '8', 'surfaces': 'M'}], {},
     [('surfaces.count', 'D2330', 'M on #8 is 1 surface: D2330, not D2335.')]),
    ([{'code': 'D2161', 'tooth': '30', 'surfaces': 'MO'}], {},
     [('surfaces.count', 'D2150', 'MO on #30 is 2 surfaces: D2150, not D2161.')]),
    ([{'code': 'D3310', 'tooth': '36'}], {'tooth_system': 'FDI'},
     [('tooth.kind', 'D3330', 'tooth 36 (FDI, #19) is a molar tooth, but D3310 is for anterior teeth; report D3330 instead.')]),
    ([{'code': 'D3330', 'tooth': '8'}], {},
     [('tooth.kind', 'D3310', '#8 is an anterior tooth, but D3330 is for molar teeth; report D3310 instead.')]),
    ([{'code': 'D2931', 'tooth': 'A'}], {},
     [('tooth.dentition', 'D2930', '#A is a primary tooth, but D2931 is for permanent teeth; report D2930 instead.')]),
    ([{'code': 'D1120'}], {'patient_age': 14.5},
     [('age.child-prophylaxis-adult', 'D1110', 'D1120 is the prophylaxis for a primary or transitional dentition; at age 14.5 most payers expect D1110. Payer age cut-offs vary (often 14).')]),
    ([{'code': 'D8040'}], {'patient_age': 12},
     [('age.patient-group', 'D8010', 'D8040 is for adult patients; at age 12 payers usually expect D8010. Payer age cut-offs vary.')]),
    ([{'code': 'D0999'}], {},
     [('narrative.missing', None, 'D0999 is a by-report code: add a narrative saying what was done and why no specific code fits.')]),
    ([{'code': 'D9110', 'tooth': '30'}, {'code': 'D2392', 'tooth': '30', 'surfaces': 'MO'}], {},
     [('same-date.palliative-and-definitive-treatment', None, 'D9110 and D2392 on #30 on the same date: palliative treatment is for relief without definitive treatment, so it is not paid beside definitive treatment of the same tooth.')]),
    ([{'code': 'D0230'}], {},
     [('add-on.d0230-without-d0220', None, 'D0230 is for each periapical image after the first, but no D0220 (first periapical) is on the same date.')]),
    ([{'code': 'D2953', 'tooth': '8', 'date': '2026-03-04'}], {},
     [('add-on.d2953-without-d2952', None, 'D2953 is an additional cast post, but no D2952 (cast post and core) is on #8 on 2026-03-04.')]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': 'O'}, {'code': 'D2391', 'tooth': '30', 'surfaces': 'O'}], {},
     [('duplicate.line', None, 'D2391 appears 2 times with the same tooth, surfaces, area and date; payers deny the repeats as duplicates.')]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': 'O'}, {'code': 'D2391', 'tooth': '30', 'surfaces': 'M'}], {},
     [('duplicate.tooth-restored-twice', 'D2392', '#30 has 2 restorations on the same date (D2391 O, D2391 M); payers combine all surfaces of one tooth on one date into one code: OM is D2392.')]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': 'O'}, {'code': 'D2740', 'tooth': '30'}, {'code': 'D2391', 'tooth': '30'}], {},
     [('surfaces.missing', None, 'D2391 is reported by the number of surfaces restored, but the line lists no surfaces.'), ('duplicate.tooth-restored-twice', 'D2391', '#30 has 2 restorations on the same date (D2391 O, D2391); payers combine all surfaces of one tooth on one date into one code: O is D2391.')]),
    ([{'code': 'D0379'}], {},
     [('code.unknown', 'D0374', 'D0379 is not a CDT 2026 code. Did you mean D0374 or D0373 or D0372 or D0371 or D0370?')]),
    ([{'code': 'D6985'}], {},
     [('area.missing', None, 'D6985 is reported per arch or tooth, but the line names no arch or tooth.')]),
    ([{'code': 'D0120', 'quadrant': 'UR', 'tooth': '3'}], {},
     [('area.not-taken', None, 'D0120 is not reported per tooth or quadrant; it covers the whole mouth or the visit, so leave the area off.')]),
    ([{'code': 'D1110', 'date': '2026-03-04'}, {'code': 'D4341', 'quadrant': 'UR', 'date': '2026-03-04'}, {'code': 'D4355', 'date': '2026-03-04'}], {},
     [('same-date.prophylaxis-and-periodontal-therapy', None, 'D1110 and D4341 and D4355 on 2026-03-04: payers do not pay a prophylaxis on the same day as periodontal scaling, debridement or maintenance.'), ('confusion.both-on-claim', None, 'D4341 and D4355 are often confused; check that both were done. D4341 treats diagnosed periodontitis; D4355 only clears deposits so a diagnosis can be made later.')]),
    ([{'code': 'D3426', 'tooth': '14'}], {'tooth_system': 'FDI'},
     [('add-on.d3426-without-apicoectomy', None, 'D3426 is for each further root, but no first-root apicoectomy (D3410 or D3421 or D3425) is on tooth 14 (FDI, #5) on the same date.')]),
    ([{'code': 'D2953'}], {},
     [('area.missing', None, 'D2953 is reported per tooth, but the line names no tooth.'), ('add-on.d2953-without-d2952', None, 'D2953 is an additional cast post, but no D2952 (cast post and core) is on the tooth on the same date.')]),
    ([{'code': 'D2392', 'tooth': '30', 'surfaces': 'MOMO'}], {},
     [('surfaces.duplicate', None, 'Surface M, O is listed more than once on D2392 (MO); each surface counts once.')]),
    ([{'code': 'D2394', 'tooth': '30', 'surfaces': 'OIFB'}], {},
     [('surfaces.impossible', None, 'IO and IB and FO and FB cannot be surfaces of one tooth on D2394: I and F name anterior surfaces, O and B posterior ones.')]),
    ([{'code': 'D2391', 'tooth': '30', 'surfaces': ['X', 'Y', 'O']}], {},
     [('surfaces.unknown', None, "'X', 'Y' on D2391 is not a surface letter; surfaces are M, O, D, B, F, L and I.")]),
    ([{'code': 'D2394', 'tooth': '30', 'surfaces': 'MIF'}], {},
     [('surfaces.wrong-for-tooth', None, '#30 is a molar tooth, so it has no I, F surface (D2394); use O and B for its biting and cheek-side surfaces.'), ('surfaces.count', 'D2393', 'MIF on #30 is 3 surfaces: D2393, not D2394.')]),
    ([{'code': 'D9110', 'tooth': '46'}, {'code': 'D2392', 'tooth': '46', 'surfaces': 'MO'}], {'tooth_system': 'FDI'},
     [('same-date.palliative-and-definitive-treatment', None, 'D9110 and D2392 on tooth 46 (FDI, #30) on the same date: palliative treatment is for relief without definitive treatment, so it is not paid beside definitive treatment of the same tooth.')]),
    ([{'code': 'D2391', 'tooth': '46', 'surfaces': 'MO'}], {'tooth_system': 'FDI'},
     [('surfaces.count', 'D2392', 'MO on tooth 46 (FDI, #30) is 2 surfaces: D2392, not D2391.')]),
    ([{'code': 'D2393', 'tooth': '46', 'surfaces': 'MID'}], {'tooth_system': 'FDI'},
     [('surfaces.wrong-for-tooth', None, 'tooth 46 (FDI, #30) is a molar tooth, so it has no I surface (D2393); use O and B for its biting and cheek-side surfaces.')]),
    ([{'code': 'D2930', 'tooth': '46'}], {'tooth_system': 'FDI'},
     [('tooth.dentition', 'D2931', 'tooth 46 (FDI, #30) is a permanent tooth, but D2930 is for primary teeth; report D2931 instead.')]),
    ([{'code': 'D2391', 'tooth': '46', 'surfaces': 'O'}, {'code': 'D2391', 'tooth': '46', 'surfaces': 'M'}], {'tooth_system': 'FDI'},
     [('duplicate.tooth-restored-twice', 'D2392', 'tooth 46 (FDI, #30) has 2 restorations on the same date (D2391 O, D2391 M); payers combine all surfaces of one tooth on one date into one code: OM is D2392.')]),
    ([{'code': 'D6600', 'tooth': '30', 'surfaces': 'O'}], {},
     [('surfaces.count', None, 'O on #30 is 1 surface, but D6600 is for 2 surfaces.')]),
    ([{'code': 'D6601', 'tooth': '30', 'surfaces': 'O'}], {},
     [('surfaces.count', None, 'O on #30 is 1 surface, but D6601 is for 3 or more surfaces.')]),
    ([{'code': 'D2410', 'tooth': '30', 'surfaces': 'MODB'}], {},
     [('surfaces.count', None, 'MODB on #30 is 4 surfaces, but D2410 is for 1 surface.')]),
    ([{'code': 'D1110'}], {'patient_age': 9.0},
     [('age.adult-prophylaxis-child', 'D1120', 'D1110 is the prophylaxis for a permanent or transitional dentition; at age 9 most payers expect D1120. Payer age cut-offs vary (often 12 to 14).')]),
    ([{'code': 'D0365', 'quadrant': 'UR'}], {},
     [('area.arch-mismatch', 'D0366', 'D0365 is a mandibular code, but the line names the maxillary arch (quadrant UR); report D0366 instead.'), ('area.not-taken', None, 'D0365 is not reported per quadrant; it is reported per arch.')]),
    ([{'code': 'D2740', 'tooth': '30', 'surfaces': [' ']}], {},
     [('surfaces.not-taken', None, 'D2740 is not reported by surface; the surfaces given on the line will be ignored or questioned.')]),
]


@pytest.mark.parametrize("lines, kwargs, want", MESSAGES, ids=[str(i) for i in range(len(MESSAGES))])
def test_messages_word_for_word(lines, kwargs, want):
    assert [(f.rule, f.suggestion, f.message) for f in cdt_data.check(lines, **kwargs)] == want


@pytest.mark.parametrize("lo, hi, text", [(1, 1, "1 surface"), (2, 2, "2 surfaces"), (3, 5, "3 or more surfaces"),
                                          (2, 4, "2 to 4 surfaces")])
def test_surface_spans_read_as_words(lo, hi, text):
    from cdt_data.claims import _surface_span
    assert _surface_span(lo, hi) == text


@pytest.mark.parametrize("a, b", [
    (L("D2391", tooth="30", surfaces="O"), L("D2391", tooth=30, surfaces="o")),
    (L(" d2391", tooth="30", surfaces="O"), L("D2391", tooth="30", surfaces="O")),
    (L("D4341", quadrant="UR"), L("D4341", quadrant="upper right")),
    (L("D5110", arch="U"), L("D5110", arch="01")),
])
def test_a_line_keyed_twice_is_a_duplicate_however_its_fields_are_spelled(a, b):
    assert [f.rule for f in cdt_data.check([a, b])] == ["duplicate.line"]


def test_a_finding_carries_its_rules_source_and_rationale():
    [f] = cdt_data.check([L("D2392", tooth="30", surfaces="MOD")])
    rule = next(r for r in rulebook().rules if r.id == f.rule)
    assert (f.source, f.rationale, f.varies_by_payer) == (rule.source, rule.rationale, rule.varies_by_payer)


def test_check_with_takes_the_patients_age_and_tooth_system():
    book = rulebook()
    assert [f.rule for f in check_with(book, [L("D1110")], patient_age=9)] == ["age.adult-prophylaxis-child"]
    assert [f.rule for f in check_with(book, [L("D3310", tooth="36")], tooth_system="FDI")] == ["tooth.kind"]
    assert check_with(book, [L("D3330", tooth="19")]) == []


def _book_with(tmp_path, root, family_file, rule):
    folder = tmp_path / "rules"
    shutil.copytree(root / "cdt_data" / "rules", folder)
    data = json.loads((folder / family_file).read_text())
    data["rules"].append(rule)
    (folder / family_file).write_text(json.dumps(data))
    return load_rulebook(folder)


def test_a_record_rule_limited_to_codes_leaves_other_codes_alone(tmp_path, root):
    book = _book_with(tmp_path, root, "by_report.json", {
        "id": "narrative.test-only-d2999", "check": "narrative_missing", "severity": "info", "codes": ["D2999"],
        "message": "{code} {nope}.", "rationale": "Test.", "source": "a test source", "varies_by_payer": False})
    assert [f.rule for f in check_with(book, [L("D0999")])] == ["narrative.missing"]
    found = check_with(book, [L("D2999", tooth="8")])
    assert [(f.rule, f.message) for f in found if f.rule.endswith("d2999")] == \
        [("narrative.test-only-d2999", "D2999 {nope}.")]   # a field the check does not fill stays readable


def test_a_rule_naming_a_check_the_engine_lacks_is_refused(tmp_path, root):
    book = _book_with(tmp_path, root, "by_report.json", {
        "id": "x.y", "check": "zz_check", "severity": "info", "codes": [], "message": "m.", "rationale": "Test.",
        "source": "a test source", "varies_by_payer": False})
    with pytest.raises(cdt_data.DataFileError) as exc:
        check_with(book, [])
    assert str(exc.value) == "The rules name checks the engine does not have: zz_check."


def test_a_line_after_an_unreadable_code_is_still_checked():
    findings = cdt_data.check([L("X1"), L("D0379"), L("D4341")])
    assert sorted(f.rule for f in findings) == ["area.missing", "code.malformed", "code.unknown"]
