"""History, payer profiles and medical crossover through the server: the same answers as the
Python API, one JSON error shape, and a profile is a name the server knows, never a path."""
import datetime as dt

import pytest

import cdt_data

HISTORY = [{"date": "2025-03-01", "code": "D4341", "area": "10"}, {"date": "2026-01-02", "code": "D1110"}]


def test_claim_check_with_history_is_the_checkers(client):
    lines = [{"code": "D4341", "area": "UR", "date": "2026-05-01"}, {"code": "D1110", "date": "2026-03-01"}]
    resp = client.post("/api/v1/claims/check", json={"lines": lines, "history": HISTORY, "profile": "sample-plan"})
    assert resp.status_code == 200
    want = [f.to_dict() for f in cdt_data.check(lines, history=HISTORY, profile="sample-plan")]
    assert resp.get_json() == {"findings": want}
    assert {"frequency.srp", "frequency.prophylaxis"} <= {f["rule"] for f in want}
    assert all(f["next_date"] for f in want if f["rule"].startswith("frequency."))


def test_claim_check_without_history_has_no_frequency_findings(client):
    resp = client.post("/api/v1/claims/check", json={"lines": [{"code": "D1110", "date": "2026-03-01"}]})
    assert resp.status_code == 200 and resp.get_json() == {"findings": []}


def test_eligibility_is_the_python_answer(client):
    body = {"code": "d1110", "history": HISTORY, "on": "2026-03-01", "profile": "sample-plan"}
    resp = client.post("/api/v1/eligibility", json=body)
    want = cdt_data.eligibility("D1110", HISTORY, on=dt.date(2026, 3, 1), profile="sample-plan").to_dict()
    assert resp.status_code == 200 and resp.get_json() == want
    assert want["eligible"] is False and want["next_date"] == "2026-07-03"
    resp = client.post("/api/v1/eligibility", json={**body, "on": "2026-07-03"})
    assert resp.get_json()["eligible"] is True and resp.get_json()["next_date"] is None


@pytest.mark.parametrize("body, status, error", [
    ({"code": "D1110", "profile": "../../etc/passwd"}, 422, "invalid_body"),
    ({"code": "D1110", "profile": "/tmp/x.toml"}, 422, "invalid_body"),
    ({"code": "D1110", "profile": "nobody"}, 404, "unknown_profile"),
    ({"code": "D1110", "history": [{"code": "D1110"}]}, 422, "invalid_body"),            # date required
    ({"code": "D1110", "history": [{"date": "2026-01-01", "code": "D0379"}]}, 422, "invalid_history"),
    ({"code": "D1110", "on": "March"}, 422, "invalid_body"),
    ({"code": "D03X1"}, 422, "invalid_body"),
    ({"code": "D0379"}, 404, "unknown_code"),
])
def test_eligibility_errors_are_the_one_json_shape(client, body, status, error):
    resp = client.post("/api/v1/eligibility", json=body)
    data = resp.get_json()
    assert resp.status_code == status and data["status"] == status and data["message"]
    assert data["error"] == error, data


def test_a_history_error_names_row_and_field(client):
    resp = client.post("/api/v1/claims/check", json={"lines": [{"code": "D1110"}],
                                                      "history": [HISTORY[0], {"date": "2026-01-01", "code": "D0379"}]})
    assert resp.status_code == 422 and resp.get_json()["fields"] == {
        "history": {"1": {"code": ["'D0379' is not a CDT code of any edition; remove the row or fix the code."]}}}


def test_profiles_lists_what_the_server_knows(client):
    resp = client.get("/api/v1/profiles")
    names = [p["name"] for p in resp.get_json()["profiles"]]
    assert resp.status_code == 200 and names[:2] == ["common", "sample-plan"]
    assert resp.get_json()["profiles"][0] == {"name": "common", "origin": "shipped", "title": "Common norms"}


def test_code_diagnoses_and_one_diagnosis(client):
    resp = client.get("/api/v1/codes/d0371/diagnoses")
    assert resp.status_code == 200 and resp.get_json() == cdt_data.diagnoses_for("D0371").to_dict()
    assert "never a coding decision" in resp.get_json()["notice"]
    resp = client.get("/api/v1/diagnoses/k115")
    assert resp.status_code == 200 and resp.get_json()["code"] == "K11.5"
    assert "D0371" in [p["code"] for p in resp.get_json()["procedures"]]
    assert client.get("/api/v1/codes/D1110/diagnoses").get_json()["families"] == []


@pytest.mark.parametrize("url, status, error", [
    ("/api/v1/diagnoses/K07.6", 404, "unknown_diagnosis"),
    ("/api/v1/diagnoses/not-a-code", 400, "malformed_diagnosis"),
    ("/api/v1/codes/D0379/diagnoses", 404, "unknown_code"),
    ("/api/v1/codes/D03X1/diagnoses", 400, "invalid_code"),
])
def test_diagnosis_errors(client, url, status, error):
    resp = client.get(url)
    assert resp.status_code == status and resp.get_json()["error"] == error


def test_diagnoses_on_claim_lines(client):
    lines = [{"code": "D0371", "diagnoses": ["K07.6", "S02.5", "K115"]}]
    resp = client.post("/api/v1/claims/check", json={"lines": lines})
    rules = {(f["rule"], f.get("diagnosis")) for f in resp.get_json()["findings"]}
    assert ("diagnosis.who-only", "K07.6") in rules and ("diagnosis.seventh-missing", "S02.5") in rules
    assert resp.get_json() == {"findings": [f.to_dict() for f in cdt_data.check(lines)]}
