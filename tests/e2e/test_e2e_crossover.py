"""Medical crossover in the page, in Chromium and in Firefox (`xtab`): a CDT code's tooltip lists
its diagnosis families with the server's notice; ICD-10-CM codes in diagnosis fields are marked
once the server knows them, look-alikes and tokens outside diagnosis fields never are; only code
tokens reach the server."""
from __future__ import annotations

import re
import time

import pytest

import cdt_data

pytestmark = pytest.mark.browser

CODE_PATHS = re.compile(r"^/api/v1/(codes/lookup|claims/check|codes/D\d{4}/diagnoses|diagnoses/[A-Z]\d[A-Z0-9](\.[A-Z0-9]{1,4})?)$")
PATIENT_DETAILS = ["Philippa", "Brackenridge", "MCX771902", "412.00", "B12.34X9", "Stock", "shelf"]
ICD_MARKED = "() => [...document.querySelectorAll('[data-cdt-icd]')].map(e => (e.id || e.parentElement.id) + '=' + e.getAttribute('data-cdt-icd'))"


def test_crossover_tooltip_and_diagnosis_marks(xtab, pages, cdt_server, ui):
    xtab.goto(f"{pages}/crossover_claim.html")
    ui.marks(xtab, 1)
    # K11.5 in the labelled field and in the diagnosis column; K1X asked about and refused.
    marked = xtab.wait(f"() => {{ const m = ({ICD_MARKED})(); return m.length >= 2 ? m : null; }}")
    assert sorted(marked) == ["dx1=K11.5", "pointer=K11.5"]
    xtab.wait("() => document.querySelector('#pointer span[data-cdt-icd]')")
    assert not xtab.js("() => document.querySelector('#dx2').hasAttribute('data-cdt-icd')")
    assert not xtab.js("() => document.querySelector('#part [data-cdt-icd], #stock [data-cdt-icd]')")
    assert xtab.js("() => document.querySelector('#part').textContent") == "B12.34X9"
    assert xtab.js("() => document.querySelector('#dx1').value") == "K11.5"

    # The CDT code's tooltip: the salivary family and the notice, from the server.
    xtab.hover("input[name=l1_code]")
    text = ui.tooltip(xtab, "D0371", "Salivary gland and duct disease")
    assert "medical plan: diagnoses to consider" in text.lower()
    assert "never a coding decision" in text
    assert cdt_data.get("D0371").title in text

    # The ICD code's tooltip: title and billable.
    xtab.hover("#pointer [data-cdt-icd]")
    text = ui.tooltip(xtab, "K11.5", "Sialolithiasis")
    assert "billable" in text
    xtab.focus("#dx1")
    ui.tooltip(xtab, "K11.5", "Sialolithiasis")

    requests = cdt_server.recorder.snapshot()
    paths = [r.path for r in requests]
    assert "/api/v1/codes/D0371/diagnoses" in paths
    assert "/api/v1/diagnoses/K11.5" in paths and "/api/v1/diagnoses/K1X" in paths
    assert not any("B12" in p for p in paths)  # not in a diagnosis field: never asked about
    assert all(CODE_PATHS.match(p) for p in paths), paths
    leaks = [(d, r.path) for r in requests for d in PATIENT_DETAILS if d.lower() in (r.path + r.text()).lower()]
    assert leaks == []


def test_no_families_and_server_down_show_nothing(xtab, pages, cdt_server, ui, dead_server_url):
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    xtab.hover("input[name=l3_code]")  # D2391: no diagnosis list
    ui.tooltip(xtab, "D2391", "What it covers")
    deadline = time.monotonic() + 10
    while not cdt_server.recorder.to("/api/v1/codes/D2391/diagnoses"):
        assert time.monotonic() < deadline, "the D2391 tooltip never asked for its diagnoses"
        time.sleep(0.05)
    xtab.move_away()
    xtab.wait(ui.TOOLTIP_HIDDEN)
    xtab.hover("#tip [data-cdt-code=D0371]")
    ui.tooltip(xtab, "D0371", "Salivary gland and duct disease")  # asked after D2391's: answered by now
    xtab.move_away()
    xtab.wait(ui.TOOLTIP_HIDDEN)
    xtab.hover("input[name=l3_code]")
    text = ui.tooltip(xtab, "D2391", "What it covers")
    assert "diagnoses to consider" not in text.lower()

    xtab.set_options(serverUrl=dead_server_url)
    xtab.goto(f"{pages}/crossover_claim.html")
    ui.marks(xtab, 1)
    xtab.hover("input[name=l1_code]")
    text = ui.tooltip(xtab, "D0371", "cdt-server")
    assert "diagnoses to consider" not in text.lower()
    assert xtab.js("() => document.querySelectorAll('[data-cdt-icd]').length") == 0
