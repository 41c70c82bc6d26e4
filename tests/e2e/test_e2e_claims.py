"""Finding codes in claim forms and warning about the claim, with the extension in Chromium and
in Firefox (`xtab` runs each scenario in both)."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser


def test_table_claim_marks_codes_and_warns_about_d0371_with_d0310(xtab, pages, cdt_server, ui):
    xtab.goto(f"{pages}/table_claim.html")
    assert ui.marks(xtab, 5) == ["D1110", "D0371", "D0310", "D2391", "D0371"]
    assert xtab.js("() => document.querySelector('input[name=l1_code]').getAttribute('data-cdt-code')") == "D0371"
    assert xtab.js("() => document.querySelector('#tip span').getAttribute('data-cdt-code')") == "D0371"

    row = ui.row(xtab, "D0371", "D0310")
    assert "Lines 1 and 2" in row
    # The codes the finding concerns are outlined in the page.
    xtab.wait("() => document.querySelector('input[name=l1_code][data-cdt-finding]')")
    assert xtab.js("() => document.querySelector('input[name=l2_code]').getAttribute('data-cdt-finding')") is not None

    # One lookup for the scan, and the claim lines carried their tooth, surfaces and date.
    assert [b["codes"] for b in ui.json_bodies(cdt_server.recorder.to("/api/v1/codes/lookup"))] == [
        ["D0310", "D0371", "D1110", "D2391"]]
    lines = ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]
    assert {"code": "D2391", "tooth": "30", "surfaces": "MO", "date": "2026-03-02"} in lines
    assert {"code": "D0371", "date": "2026-03-02"} in lines


def test_marking_never_changes_what_the_form_submits(xtab, pages, ui):
    xtab.goto(f"{pages}/table_claim.html")
    form_data = "() => [...new FormData(document.getElementById('claim'))]"
    before = xtab.js(form_data)
    ui.marks(xtab, 5)
    ui.row(xtab, "D0371")
    assert xtab.js(form_data) == before
    assert xtab.js("() => document.querySelector('input[name=l1_code]').value") == "D0371"


def test_portal_that_adds_lines_after_load(xtab, pages, cdt_server, ui):
    xtab.goto(f"{pages}/spa_portal.html")
    # D4341, D1110 in fields; D4910, D1110 in the late note
    assert sorted(ui.marks(xtab, 4)) == ["D1110", "D1110", "D4341", "D4910"]

    # The biller adds a line and types a code into it, key by key.
    xtab.click("#add")
    xtab.type("#line3 .code", "D0371")
    xtab.wait("() => document.querySelector('#line3 .code[data-cdt-code=D0371]')")
    xtab.click("#add")
    ui.fill(xtab, "#line4 .code", "D0310")
    ui.row(xtab, "D0371", "D0310")

    # Re-scans looked up only the codes not seen before.
    asked = [c for b in ui.json_bodies(cdt_server.recorder.to("/api/v1/codes/lookup")) for c in b["codes"]]
    assert sorted(asked) == ["D0310", "D0371", "D1110", "D4341", "D4910"]
    lines = ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]
    assert {"code": "D4341", "quadrant": "UR", "date": "2026-03-02"} in lines

    # A line removed by the portal leaves the claim, and its warning goes with it.
    xtab.js("() => document.getElementById('line4').remove()")
    xtab.wait(ui.NO_ROW_WITH, ["D0371", "D0310"])
    assert "D0310" not in [line["code"] for line in ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]]


def test_claim_inside_a_frame(xtab, pages, ui):
    xtab.goto(f"{pages}/frame_claim.html")
    with xtab.in_frame("#claim-frame"):
        assert ui.marks(xtab, 2) == ["D0371", "D0310"]
        ui.row(xtab, "D0371", "D0310")
        xtab.hover("[data-cdt-code=D0371]")
        ui.tooltip(xtab, "D0371")


def test_near_miss_tokens_are_left_alone(xtab, pages, ui):
    xtab.goto(f"{pages}/near_miss.html")
    xtab.wait("() => document.documentElement.hasAttribute('data-cdt-scans')")
    xtab.wait("() => document.querySelector('#deleted [data-cdt-code=D0001]')")
    assert xtab.js(ui.MARKED) == ["D0140", "D0140", "D0171", "D0260", "D0001"]
    assert xtab.js("() => document.getElementById('tokens').textContent.trim().split(/\\s+/).join(' ')") == (
        "D03711 XD0371 AD0371B D037 d0371x 9D0371 D0-371 MBRD0371X ID:D0371Z")
    assert xtab.js("() => document.querySelectorAll('#tokens [data-cdt-code], #member [data-cdt-code], #editor [data-cdt-code]').length") == 0
    assert xtab.js("() => [templateCode, shouldStay]") == ["D0371", "D2391"]
    assert "D0371 in a stylesheet" in xtab.js("() => document.querySelector('head style').textContent")
    for name in ("member", "hidden_code", "pw"):
        assert xtab.js("(n) => document.querySelector(`input[name=${n}]`).getAttribute('data-cdt-code')", name) is None
    # Text in a script, a stylesheet, a text area (two codes: the field is not marked either)
    # and a drawing in the body is left as it is.
    assert xtab.js("() => ['#body-script', '#body-style', 'textarea', '#drawing'].map((s) => document.querySelector(s).children.length)") == [0, 0, 0, 1]
    assert xtab.js("() => document.querySelector('textarea').getAttribute('data-cdt-code')") is None


def test_moved_text_with_marked_codes_is_not_marked_twice(xtab, pages, ui):
    """A portal moving a part of the page that holds our marks: it is scanned again, and the
    codes already marked keep their one mark."""
    xtab.goto(f"{pages}/near_miss.html")
    xtab.wait("() => document.querySelector('#deleted [data-cdt-code=D0001]')")
    scans = xtab.js("() => Number(document.documentElement.dataset.cdtScans)")
    xtab.js("() => { const p = document.getElementById('real'); p.appendChild(document.createTextNode(' And D0145.')); document.body.appendChild(p); }")
    xtab.wait("(n) => Number(document.documentElement.dataset.cdtScans) > n", scans)
    xtab.wait("() => document.querySelector('#real [data-cdt-code=D0145]')")
    assert xtab.js("() => [...document.querySelectorAll('#real [data-cdt-code]')].map((e) => e.textContent)") == ["D0140", "D0145"]
    assert xtab.js("() => document.querySelectorAll('[data-cdt-code] [data-cdt-code]').length") == 0


# ---- Chromium only: screenshots for the docs and pointer dragging --------------------------

def test_panel_screenshot_collapses_and_moves_out_of_the_way(tab, pages, screenshots, ui):
    tab.goto(f"{pages}/table_claim.html")
    panel = tab.locator(ui.PANEL)
    ui.finding_row(tab, "D0371", "D0310").wait_for()
    panel.screenshot(path=str(screenshots / "panel.png"))
    tab.screenshot(path=str(screenshots / "claim-page.png"))
    panel.get_by_role("button", name="Collapse the claim check").click()
    panel.locator("ol").wait_for(state="hidden")
    panel.get_by_role("button", name="Expand the claim check").click()
    panel.locator("ol").wait_for()
    box = panel.bounding_box()
    panel.locator("header .title").hover()
    tab.mouse.down()
    tab.mouse.move(box["x"] - 400, box["y"] - 300, steps=5)
    tab.mouse.up()
    moved = panel.bounding_box()
    assert moved["x"] < box["x"] - 300 and moved["y"] < box["y"] - 200
