"""The log says method, path, status and time: never a body, never a query string."""
import logging
import re

import pytest

from .conftest import CHROME_ORIGIN

LINE = re.compile(r"^(GET|POST|PUT|DELETE|OPTIONS|HEAD|OTHER) (/\S*|-) \d{3} \d+\.\dms$")


@pytest.fixture
def access_log(caplog):
    caplog.set_level(logging.INFO, logger="cdt_server")
    return caplog


def test_claim_check_logs_no_body_content(client, access_log):
    claim = {"lines": [{"code": "D2392", "tooth": "30", "surfaces": "MOD", "date": "2026-03-04",
                        "narrative": "Patient Zebediah Quux reports pain"}], "patient": {"age": 47}}
    assert client.post("/api/v1/claims/check?patient=Zebediah", json=claim).status_code == 200
    bad = dict(claim, lines=[dict(claim["lines"][0], date="Zebediah-04")])
    assert client.post("/api/v1/claims/check", json=bad).status_code == 422
    text = access_log.text
    for secret in ("Zebediah", "Quux", "D2392", "MOD", "2026-03-04", "47", "narrative", "tooth"):
        assert secret not in text
    messages = [r.getMessage() for r in access_log.records]
    assert [m.rsplit(" ", 1)[0] for m in messages] == ["POST /api/v1/claims/check 200", "POST /api/v1/claims/check 422"]
    assert all(LINE.match(m) for m in messages)


def test_search_text_and_headers_are_not_logged(client, access_log):
    client.get("/api/v1/search?q=Zebediah+crown", headers={"Origin": CHROME_ORIGIN, "X-Patient": "Quux"})
    client.get("/api/v1/suggest?prefix=Zebediah")
    client.post("/api/v1/codes/lookup", json={"codes": ["Zebediah"]})
    assert "Zebediah" not in access_log.text and "Quux" not in access_log.text and "chrome" not in access_log.text
    assert [r.getMessage().split(" ")[:3] for r in access_log.records] == [
        ["GET", "/api/v1/search", "200"], ["GET", "/api/v1/suggest", "200"], ["POST", "/api/v1/codes/lookup", "200"]]


def test_errors_before_the_view_are_logged_too(client, access_log):
    client.post("/api/v1/codes/lookup", data="x" * 70000, content_type="application/json")
    client.get("/nowhere")
    assert [r.getMessage().split(" ")[:3] for r in access_log.records] == [
        ["POST", "/api/v1/codes/lookup", "413"], ["GET", "-", "404"]]  # an unmatched path is not logged


def test_a_long_path_is_cut(client, access_log):
    client.get("/api/v1/codes/" + "Z" * 500)
    assert len(access_log.records[0].getMessage()) < 120
