"""Nothing but code tokens and claim-line fields reaches the server: proved on the recording."""
from __future__ import annotations

import re

import pytest


pytestmark = pytest.mark.browser

# Every patient detail on the test pages, in the spellings a leak could take.
PATIENT_DETAILS = [
    "Marguerite", "Quillfeather", "ZXQ884213", "04/17/1961", "1961-04-17", "1961", "Larkspur",
    "penicillin", "checkout",  # table_claim.html
    "Oswin", "Tallowmere", "QPL552901", "1958-11-23", "1958", "anxious", "mornings",  # spa_portal.html
    "Ingrid", "Vashti", "Holloway", "KX-3390", "3390", "Sialoendoscopy", "submandibular",  # frames
    "350.00", "210.00", "180.00",  # fees are not claim-line fields either
]
ALLOWED_LINE_FIELDS = {"code", "tooth", "surfaces", "quadrant", "arch", "date"}
CODE = re.compile(r"^D\d{4}$")
CROSSOVER_PATH = re.compile(r"^/api/v1/(codes/D\d{4}/diagnoses|diagnoses/[A-Z]\d[A-Z0-9](\.[A-Z0-9]{1,4})?)$")


def test_no_patient_detail_reaches_the_server(xtab, pages, cdt_server, ui):
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    ui.row(xtab, "D0371")
    xtab.hover("input[name=l1_code]")
    ui.tooltip(xtab, "D0371", "What it covers")
    ui.fill(xtab, "#notes", "Quillfeather called about D2740 again, born 1961")
    xtab.wait("() => document.querySelector('#notes[data-cdt-code=D2740]')")
    xtab.type("#notes", " and D2750")  # typed, key by key: two codes, so the field is no code field
    xtab.wait("() => !document.querySelector('#notes').hasAttribute('data-cdt-code')")

    xtab.goto(f"{pages}/spa_portal.html")
    ui.marks(xtab, 4)
    xtab.wait("() => document.querySelector('[data-cdt-panel]') && [...document.querySelector('[data-cdt-panel]').shadowRoot.querySelectorAll('li')].length")

    xtab.goto(f"{pages}/frame_claim.html")
    with xtab.in_frame("#claim-frame"):
        ui.row(xtab, "D0371")

    requests = cdt_server.recorder.snapshot()
    assert {r.path for r in requests} >= {"/api/v1/codes/lookup", "/api/v1/claims/check"}
    leaks = [(detail, r.path) for r in requests for detail in PATIENT_DETAILS if detail.lower() in r.text().lower()]
    assert leaks == []

    # And structurally: lookups carry codes only, checks carry claim-line fields only.
    for body in ui.json_bodies(cdt_server.recorder.to("/api/v1/codes/lookup")):
        assert list(body) == ["codes"] and all(CODE.match(c) for c in body["codes"])
    checks = ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))
    assert checks
    for body in checks:
        assert list(body) == ["lines"]
        for line in body["lines"]:
            assert set(line) <= ALLOWED_LINE_FIELDS and CODE.match(line["code"])
    # Besides those, only one code token in a path: a tooltip's diagnosis families (CDT code)
    # and the diagnosis codes of labelled diagnosis fields (ICD-10-CM code).
    assert all(r.path in {"/api/v1/codes/lookup", "/api/v1/claims/check"} or CROSSOVER_PATH.match(r.path) for r in requests)


def test_the_page_itself_cannot_read_the_server(xtab, pages, cdt_server, ui):
    """A page's own script cannot read the server (its CORS admits extension origins only), so
    the extension's background, the only caller in the extension, is the one way in."""
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    before = len(cdt_server.recorder.to("/healthz"))
    answer = xtab.js(
        """async (url) => { try { await fetch(url + '/healthz'); return 'reached'; } catch (e) { return 'blocked'; } }""",
        cdt_server.url,
    )
    assert answer == "blocked"
    # The server was up and answered the request: the browser, not a dead server, kept the
    # answer from the page.
    assert len(cdt_server.recorder.to("/healthz")) == before + 1
