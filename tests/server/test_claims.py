"""POST /api/v1/claims/check: the real checker behind one JSON edge."""
import pytest

import cdt_data

from .test_errors import assert_error

CLAIM = {
    "lines": [
        {"code": "D1110", "date": "2026-03-01"},
        {"code": "D4341", "quadrant": "UR", "date": "2026-03-01"},
        {"code": "D2392", "tooth": 30, "surfaces": "MOD", "date": "2026-03-01"},
    ],
    "patient": {"age": 40},
}


def test_findings_are_the_checkers(client):
    resp = client.post("/api/v1/claims/check", json=CLAIM)
    assert resp.status_code == 200
    want = [f.to_dict() for f in cdt_data.check(CLAIM["lines"], patient_age=40)]
    assert resp.get_json() == {"findings": want}
    assert {"surfaces.count"} <= {f["rule"] for f in want}
    assert next(f for f in want if f["rule"] == "surfaces.count")["suggestion"] == "D2393"


def test_a_clean_claim_has_no_findings(client):
    resp = client.post("/api/v1/claims/check", json={"lines": [{"code": "D0120", "date": "2026-03-01"}]})
    assert resp.get_json() == {"findings": []}


@pytest.mark.parametrize("system, tooth", [("Universal", "30"), ("FDI", "46")])
def test_tooth_system_is_passed_on(client, system, tooth):
    line = {"code": "D2392", "tooth": tooth, "surfaces": "MOD"}
    resp = client.post("/api/v1/claims/check", json={"lines": [line], "tooth_system": system})
    want = [f.to_dict() for f in cdt_data.check([line], tooth_system=system)]
    assert resp.get_json()["findings"] == want
    # an FDI message names the tooth as typed and in Universal: "tooth 46 (FDI, #30)"
    assert want[0]["message"].startswith("MOD on #30" if system == "Universal" else "MOD on tooth 46 (FDI, #30)")


def test_patient_age_is_passed_on(client):
    lines = [{"code": "D1110"}]
    young = client.post("/api/v1/claims/check", json={"lines": lines, "patient": {"age": 9}}).get_json()
    adult = client.post("/api/v1/claims/check", json={"lines": lines, "patient": {"age": 40}}).get_json()
    assert "age.adult-prophylaxis-child" in {f["rule"] for f in young["findings"]}
    assert "age.adult-prophylaxis-child" not in {f["rule"] for f in adult["findings"]}


@pytest.mark.parametrize("body, fields", [
    ({"lines": [{"code": "D1110", "date": "yesterday"}]}, {"lines": {"0": {"date": None}}}),
    ({"lines": [{"code": "D0120"}, {"code": "D1110", "tooth": "3", "date": "2026-02-30"}]},
     {"lines": {"1": {"date": None}}}),
])
def test_a_line_the_checker_cannot_read_is_422_naming_line_and_field(client, body, fields):
    # Dates are read by the schema now (format: date, as the OpenAPI document says), so the
    # refusal is the schema's 422 rather than the checker's, naming the same line and field.
    err = assert_error(client.post("/api/v1/claims/check", json=body), 422, "invalid_body")
    [(line, per_field)] = err["fields"]["lines"].items()
    assert {line: {k: None for k in per_field}} == fields["lines"]
    assert "YYYY-MM-DD" in str(err["fields"])


@pytest.mark.parametrize("body", [
    {},
    {"lines": []},
    {"lines": "D0120"},
    {"lines": [{"tooth": "3"}]},
    {"lines": [{"code": "D0120", "patient_name": "Jane"}]},
    {"lines": [{"code": "D0120", "tooth": 3.5}]},
    {"lines": [{"code": "D0120", "surfaces": 5}]},
    {"lines": [{"code": "D0120"}], "patient": {"age": -1}},
    {"lines": [{"code": "D0120"}], "patient": {"age": "nine"}},
    {"lines": [{"code": "D0120"}], "tooth_system": "Palmer"},
    {"lines": [{"code": "D0120"}] * 201},
])
def test_schema_violations_are_422(client, body):
    err = assert_error(client.post("/api/v1/claims/check", json=body), 422, "invalid_body")
    assert err["fields"]


def test_nulls_and_surface_lists_are_accepted(client):
    line = {"code": "D2392", "tooth": "30", "surfaces": ["M", "O", "D"], "quadrant": None, "arch": None,
            "date": None, "narrative": None}
    resp = client.post("/api/v1/claims/check", json={"lines": [line], "patient": {"age": None}})
    assert resp.status_code == 200
    assert resp.get_json()["findings"][0]["suggestion"] == "D2393"
