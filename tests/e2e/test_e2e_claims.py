"""Finding codes in claim forms and warning about the claim, in Chromium with the extension."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser


def test_table_claim_marks_codes_and_warns_about_d0371_with_d0310(tab, pages, cdt_server, screenshots, ui):
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    assert ui.marked_codes(tab) == ["D1110", "D0371", "D0310", "D2391", "D0371"]
    assert tab.get_attribute("input[name=l1_code]", "data-cdt-code") == "D0371"
    assert tab.get_attribute("#tip span", "data-cdt-code") == "D0371"

    row = tab.locator(f"{ui.PANEL} li", has_text="D0371").filter(has_text="D0310")
    row.wait_for()
    assert "Lines 1 and 2" in row.inner_text()
    # The codes the finding concerns are outlined in the page.
    tab.wait_for_selector("input[name=l1_code][data-cdt-finding]")
    assert tab.get_attribute("input[name=l2_code]", "data-cdt-finding") is not None
    tab.locator(ui.PANEL).screenshot(path=str(screenshots / "panel.png"))
    tab.screenshot(path=str(screenshots / "claim-page.png"))

    # One lookup for the scan, and the claim lines carried their tooth, surfaces and date.
    assert [b["codes"] for b in ui.json_bodies(cdt_server.recorder.to("/api/v1/codes/lookup"))] == [
        ["D0310", "D0371", "D1110", "D2391"]]
    lines = ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]
    assert {"code": "D2391", "tooth": "30", "surfaces": "MO", "date": "2026-03-02"} in lines
    assert {"code": "D0371", "date": "2026-03-02"} in lines


def test_marking_never_changes_what_the_form_submits(tab, pages, ui):
    tab.goto(f"{pages}/table_claim.html")
    before = tab.evaluate("() => [...new FormData(document.getElementById('claim'))]")
    ui.wait_for_marks(tab, 5)
    tab.locator(f"{ui.PANEL} li").first.wait_for()
    after = tab.evaluate("() => [...new FormData(document.getElementById('claim'))]")
    assert after == before
    assert tab.input_value("input[name=l1_code]") == "D0371"


def test_panel_collapses_and_moves_out_of_the_way(tab, pages, ui):
    tab.goto(f"{pages}/table_claim.html")
    panel = tab.locator(ui.PANEL)
    panel.locator("li").first.wait_for()
    panel.get_by_role("button", name="–").click()
    assert not panel.locator("ol").is_visible()
    panel.get_by_role("button", name="+").click()
    assert panel.locator("ol").is_visible()
    box = panel.bounding_box()
    header = panel.locator("header .title")
    header.hover()
    tab.mouse.down()
    tab.mouse.move(box["x"] - 400, box["y"] - 300, steps=5)
    tab.mouse.up()
    moved = panel.bounding_box()
    assert moved["x"] < box["x"] - 300 and moved["y"] < box["y"] - 200


def test_portal_that_adds_lines_after_load(tab, pages, cdt_server, ui):
    tab.goto(f"{pages}/spa_portal.html")
    ui.wait_for_marks(tab, 4)  # D4341, D1110 in fields; D4910, D1110 in the late note
    assert sorted(ui.marked_codes(tab)) == ["D1110", "D1110", "D4341", "D4910"]

    # The biller adds a line and types codes into it.
    tab.click("#add")
    code = tab.locator("#line3 .code")
    code.press_sequentially("D0371", delay=20)
    tab.wait_for_selector("#line3 .code[data-cdt-code=D0371]")
    tab.click("#add")
    tab.locator("#line4 .code").fill("D0310")
    tab.locator("#line4 .code").dispatch_event("input")
    pair = tab.locator(f"{ui.PANEL} li", has_text="D0371").filter(has_text="D0310")
    pair.wait_for()

    # Re-scans looked up only the codes not seen before.
    asked = [c for b in ui.json_bodies(cdt_server.recorder.to("/api/v1/codes/lookup")) for c in b["codes"]]
    assert sorted(asked) == ["D0310", "D0371", "D1110", "D4341", "D4910"]
    lines = ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]
    assert {"code": "D4341", "quadrant": "UR", "date": "2026-03-02"} in lines

    # A line removed by the portal leaves the claim, and its warning goes with it.
    tab.evaluate("() => document.getElementById('line4').remove()")
    pair.wait_for(state="detached")
    assert "D0310" not in [line["code"] for line in ui.json_bodies(cdt_server.recorder.to("/api/v1/claims/check"))[-1]["lines"]]


def test_claim_inside_a_frame(tab, pages, ui):
    tab.goto(f"{pages}/frame_claim.html")
    frame = tab.frame_locator("#claim-frame")
    frame.locator("[data-cdt-code=D0371]").wait_for()
    inner = next(f for f in tab.frames if f.url.endswith("frame_inner.html"))
    assert ui.marked_codes(inner) == ["D0371", "D0310"]
    frame.locator(f"{ui.PANEL} li", has_text="D0371").filter(has_text="D0310").wait_for()
    frame.locator("[data-cdt-code=D0371]").hover()
    frame.locator("[data-cdt-tooltip] .box .head", has_text="D0371").wait_for()


def test_near_miss_tokens_are_left_alone(tab, pages, ui):
    tab.goto(f"{pages}/near_miss.html")
    tab.wait_for_selector("html[data-cdt-scans]")
    tab.wait_for_selector("#deleted [data-cdt-code=D0001]")
    assert ui.marked_codes(tab) == ["D0140", "D0140", "D0171", "D0260", "D0001"]
    assert tab.inner_text("#tokens") == "D03711 XD0371 AD0371B D037 d0371x 9D0371 D0-371 MBRD0371X ID:D0371Z"
    assert tab.locator("#tokens [data-cdt-code], #member [data-cdt-code], #editor [data-cdt-code]").count() == 0
    assert tab.evaluate("() => [templateCode, shouldStay]") == ["D0371", "D2391"]
    assert "D0371 in a stylesheet" in tab.inner_html("head style")
    assert tab.get_attribute("input[name=member]", "data-cdt-code") is None
    assert tab.get_attribute("input[name=hidden_code]", "data-cdt-code") is None
    assert tab.get_attribute("input[name=pw]", "data-cdt-code") is None
