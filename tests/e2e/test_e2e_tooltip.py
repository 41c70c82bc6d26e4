"""Tooltips: hover, keyboard, unknown and deleted codes, and the snapshot when the server is down."""
from __future__ import annotations

import pytest

import cdt_data

pytestmark = pytest.mark.browser


def test_hover_shows_the_guidance_from_cdt_data(tab, pages, screenshots, ui):
    record = cdt_data.get("D0371")
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.hover("#tip [data-cdt-code=D0371]")
    box = ui.wait_for_tooltip(tab, "D0371", "Often confused with")
    text = box.inner_text()
    assert record.title in text
    assert record.category in text
    assert record.summary in text
    assert record.confused_with[0].difference in text
    for heading in ("WHEN TO USE", "DOCUMENTATION CHECKLIST", "COMMON DENIAL REASONS"):
        assert heading in text.upper()
    assert box.get_by_role("button", name="Open the full record").is_visible()
    assert tab.get_attribute("#tip [data-cdt-code=D0371]", "aria-describedby")
    target = tab.locator("#tip [data-cdt-code=D0371]").bounding_box()
    shown = box.bounding_box()
    left, top = min(target["x"], shown["x"]) - 12, min(target["y"], shown["y"]) - 12
    tab.screenshot(path=str(screenshots / "tooltip.png"), clip={
        "x": max(0, left), "y": max(0, top),
        "width": max(target["x"] + target["width"], shown["x"] + shown["width"]) + 12 - max(0, left),
        "height": max(target["y"] + target["height"], shown["y"] + shown["height"]) + 12 - max(0, top)})

    # The link opens the full record in the popup's view, in a tab of its own.
    with tab.context.expect_page() as opened:
        box.get_by_role("button", name="Open the full record").click()
    record_tab = opened.value
    record_tab.locator("#detail-title", has_text=record.title).wait_for()
    assert record_tab.url.endswith("popup/popup.html?code=D0371")
    assert "Billing notes".upper() in record_tab.inner_text("#detail-body").upper()
    record_tab.close()

    tab.mouse.move(5, 790)
    tab.locator(ui.TOOLTIP).wait_for(state="hidden")


def test_keyboard_focus_opens_and_escape_closes(tab, pages, ui):
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.focus("input[name=l3_code]")
    box = ui.wait_for_tooltip(tab, "D2391", cdt_data.get("D2391").title)
    tab.keyboard.press("Escape")
    box.wait_for(state="hidden")
    assert tab.input_value("input[name=l3_code]") == "D2391"


def test_unknown_and_deleted_codes_say_so(tab, pages, ui):
    tab.goto(f"{pages}/near_miss.html")
    tab.wait_for_selector("#deleted [data-cdt-code=D0001]")
    tab.hover("#deleted [data-cdt-code=D0260]")
    box = ui.wait_for_tooltip(tab, "D0260", "deleted")
    assert "Use D0250 instead" in box.inner_text()
    tab.hover("#deleted [data-cdt-code=D0001]")
    box = ui.wait_for_tooltip(tab, "D0001", "Did you mean")
    text = box.inner_text()
    assert "Not a CDT code" in text
    with pytest.raises(cdt_data.UnknownCodeError) as err:
        cdt_data.get("D0001")
    assert err.value.suggestions[0] in text


def test_server_down_falls_back_to_the_snapshot(tab, browser, pages, ui, dead_server_url):
    
    browser.set_options(serverUrl=dead_server_url)
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.hover("#tip [data-cdt-code=D0371]")
    box = ui.wait_for_tooltip(tab, "D0371", "cdt-server")
    text = box.inner_text()
    record = cdt_data.get("D0371")
    assert record.title in text and record.summary in text
    assert "Often confused with" not in text  # only the snapshot's fields
    panel = tab.locator("[data-cdt-panel] .panel").inner_text()
    assert "Claim check unavailable" in panel and "cdt-server" in panel


def test_modifier_trigger_and_switched_off_sites(tab, browser, pages, ui):
    browser.set_options(trigger="alt")
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.hover("#tip [data-cdt-code=D0371]")
    tab.wait_for_timeout(300)
    assert not tab.locator(ui.TOOLTIP).is_visible()
    tab.keyboard.down("Alt")
    tab.mouse.move(0, 0)
    tab.hover("#tip [data-cdt-code=D0371]")
    tab.keyboard.up("Alt")
    ui.wait_for_tooltip(tab, "D0371")

    browser.set_options(disabledSites=["127.0.0.1"])
    tab.goto(f"{pages}/near_miss.html")
    tab.wait_for_selector("html[data-cdt-disabled]")
    assert tab.locator("[data-cdt-code]").count() == 0
