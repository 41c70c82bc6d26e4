"""Tooltips: hover, keyboard, unknown and deleted codes, and the snapshot when the server is
down, in Chromium and in Firefox (`xtab`); the docs screenshot and the record link in Chromium."""
from __future__ import annotations

import pytest

import cdt_data

pytestmark = pytest.mark.browser


def test_hover_shows_the_guidance_from_cdt_data(xtab, pages, ui):
    record = cdt_data.get("D0371")
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    xtab.hover("#tip [data-cdt-code=D0371]")
    text = ui.tooltip(xtab, "D0371", "Often confused with")
    assert record.title in text
    assert record.category in text
    assert record.summary in text
    assert record.confused_with[0].difference in text
    for heading in ("WHEN TO USE", "DOCUMENTATION CHECKLIST", "COMMON DENIAL REASONS"):
        assert heading in text.upper()
    assert "Open the full record" in text
    assert xtab.js("() => document.querySelector('#tip [data-cdt-code=D0371]').getAttribute('aria-describedby')")
    xtab.move_away()
    xtab.wait(ui.TOOLTIP_HIDDEN)


def test_keyboard_focus_opens_and_escape_closes(xtab, pages, ui):
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    xtab.focus("input[name=l3_code]")
    ui.tooltip(xtab, "D2391", cdt_data.get("D2391").title)
    xtab.press("Escape")
    xtab.wait(ui.TOOLTIP_HIDDEN)
    assert xtab.js("() => document.querySelector('input[name=l3_code]').value") == "D2391"


def test_unknown_and_deleted_codes_say_so(xtab, pages, ui):
    xtab.goto(f"{pages}/near_miss.html")
    xtab.wait("() => document.querySelector('#deleted [data-cdt-code=D0001]')")
    xtab.hover("#deleted [data-cdt-code=D0260]")
    text = ui.tooltip(xtab, "D0260", "deleted")
    assert "Use D0250 instead" in text
    xtab.hover("#deleted [data-cdt-code=D0001]")
    text = ui.tooltip(xtab, "D0001", "Did you mean")
    assert "Not a CDT code" in text
    with pytest.raises(cdt_data.UnknownCodeError) as err:
        cdt_data.get("D0001")
    assert err.value.suggestions[0] in text


def test_server_down_falls_back_to_the_snapshot(xtab, pages, ui, dead_server_url):
    xtab.set_options(serverUrl=dead_server_url)
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    xtab.hover("#tip [data-cdt-code=D0371]")
    text = ui.tooltip(xtab, "D0371", "cdt-server")
    record = cdt_data.get("D0371")
    assert record.title in text and record.summary in text
    assert "Often confused with" not in text  # only the snapshot's fields
    panel = xtab.wait(ui.PANEL_TEXT)
    assert "Claim check unavailable" in panel and "cdt-server" in panel


def test_modifier_trigger(xtab, pages, ui):
    xtab.set_options(trigger="alt")
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    # The page's own listener runs after the extension's (capturing) one: once it has seen the
    # hover, the extension has handled it, so "no tooltip" is checked after the fact, not after a sleep.
    xtab.js("""() => document.addEventListener('mouseover', (e) => {
                 if (e.target.closest && e.target.closest('#tip')) window.sawHover = true; })""")
    xtab.hover("#tip [data-cdt-code=D0371]")
    xtab.wait("() => window.sawHover === true")
    assert xtab.js(ui.TOOLTIP_HIDDEN)
    # With Alt held the same hover opens it.
    xtab.js("""() => document.querySelector('#tip [data-cdt-code=D0371]')
                 .dispatchEvent(new MouseEvent('mouseover', {bubbles: true, altKey: true}))""")
    ui.tooltip(xtab, "D0371")


# ---- Chromium only: the docs screenshot, and the record link opening a tab ------------------

def test_tooltip_screenshot_and_record_link(tab, pages, screenshots, ui):
    record = cdt_data.get("D0371")
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.hover("#tip [data-cdt-code=D0371]")
    box = ui.wait_for_tooltip(tab, "D0371", "Often confused with")
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
