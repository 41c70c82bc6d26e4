"""Accessibility in Chromium: axe-core finds no violations in the tooltip, the panel, the popup
and the options page, in light and dark colour schemes; the tooltip opens on focus, closes on
Escape and describes its code; the panel and popup work from the keyboard; reduced motion
turns the tooltip's fade off.

axe-core comes from the npm registry into tests/js-tools/node_modules (`npm ci --prefix
tests/js-tools`; .ci/run does it)."""
from __future__ import annotations

import os
import pathlib

import pytest

pytestmark = pytest.mark.browser

AXE = pathlib.Path(__file__).resolve().parents[1] / "js-tools" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: npm ci --prefix tests/js-tools"
        if os.environ.get("CDT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CDT_REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str, context: str = "document") -> list[str]:
    """axe's violations in `context` (a JS expression for a node), one line each."""
    # Through DevTools (evaluate), so extension pages' CSP does not apply to the injection.
    page.evaluate(axe_source + "\n;0")
    found = page.evaluate(f"""async () => {{
        const result = await axe.run({context}, {{runOnly: {{type: 'tag', values: {TAGS!r}}}, resultTypes: ['violations']}});
        return result.violations.map((v) => `${{v.id}} (${{v.impact}}): ${{v.help}} at ${{v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}}`);
    }}""")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tooltip_and_panel_have_no_violations(tab, pages, ui, axe_source, scheme):
    tab.emulate_media(color_scheme=scheme)
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    ui.finding_row(tab, "D0371", "D0310").wait_for()
    tab.focus("#tip [data-cdt-code=D0371]")
    ui.wait_for_tooltip(tab, "D0371", "Often confused with")
    assert violations(tab, axe_source, "document.querySelector('[data-cdt-tooltip]')") == []
    assert violations(tab, axe_source, "document.querySelector('[data-cdt-panel]')") == []
    background = tab.evaluate("""() => getComputedStyle(document.querySelector('[data-cdt-tooltip]')
                                  .shadowRoot.querySelector('.box')).backgroundColor""")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_popup_and_options_have_no_violations(tab, browser, axe_source, scheme):
    tab.emulate_media(color_scheme=scheme)
    tab.goto(browser.extension_url("popup/popup.html"))
    tab.locator("#status.up").wait_for()
    tab.locator("#q").fill("pano")
    tab.locator("#results button[data-code=D0330]").wait_for()
    assert violations(tab, axe_source) == []
    tab.click("#results button[data-code=D0330]")
    tab.locator("#detail-code", has_text="D0330").wait_for()
    assert violations(tab, axe_source) == []

    tab.goto(browser.extension_url("options/options.html"))
    tab.locator("#suggested li button").first.wait_for()
    assert violations(tab, axe_source) == []


def test_tooltip_is_announced_and_keyboard_driven(tab, pages, ui):
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.focus("#help")  # then Tab: the marked code in the text is in the tab order
    tab.evaluate("() => document.getElementById('help').setAttribute('tabindex', '-1')")
    tab.focus("#help")
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.getAttribute('data-cdt-code')") == "D0371"
    ui.wait_for_tooltip(tab, "D0371", "What it covers")
    described = tab.evaluate("""() => {
        const id = document.activeElement.getAttribute('aria-describedby');
        const host = document.getElementById(id);
        return host && host.getAttribute('role');
    }""")
    assert described == "tooltip"
    tab.keyboard.press("Escape")
    tab.locator(ui.TOOLTIP).wait_for(state="hidden")
    assert tab.evaluate("() => document.activeElement.hasAttribute('aria-describedby')") is False


def test_panel_and_popup_work_from_the_keyboard(tab, browser, pages, ui):
    tab.goto(f"{pages}/table_claim.html")
    panel = tab.locator(ui.PANEL)
    ui.finding_row(tab, "D0371", "D0310").wait_for()
    collapse = panel.get_by_role("button", name="Collapse the claim check")
    collapse.focus()
    tab.keyboard.press("Enter")
    panel.locator("ol").wait_for(state="hidden")
    expand = panel.get_by_role("button", name="Expand the claim check")
    assert expand.get_attribute("aria-expanded") == "false"
    tab.keyboard.press("Space")
    panel.locator("ol").wait_for()
    tab.keyboard.press("Tab")  # to "hide", then Enter hides the panel
    tab.keyboard.press("Enter")
    tab.locator("[data-cdt-panel]").wait_for(state="hidden")

    tab.goto(browser.extension_url("popup/popup.html"))
    tab.locator("#status.up").wait_for()
    tab.locator("#q").focus()
    tab.keyboard.type("pano")
    tab.locator("#results button[data-code=D0330]").wait_for()
    tab.keyboard.press("Tab")
    assert tab.evaluate("() => document.activeElement.dataset.code") == tab.locator("#results button").first.get_attribute("data-code")
    tab.locator("#results button[data-code=D0330]").focus()
    tab.keyboard.press("Enter")
    tab.locator("#detail-code", has_text="D0330").wait_for()
    tab.locator("#back").focus()
    tab.keyboard.press("Enter")
    tab.locator("#results").wait_for()
    assert tab.evaluate("() => document.activeElement.id") == "q"


@pytest.mark.parametrize("motion, fades", [("no-preference", True), ("reduce", False)])
def test_reduced_motion_turns_the_fade_off(tab, pages, ui, motion, fades):
    tab.emulate_media(reduced_motion=motion)
    tab.goto(f"{pages}/table_claim.html")
    ui.wait_for_marks(tab, 5)
    tab.hover("#tip [data-cdt-code=D0371]")
    ui.wait_for_tooltip(tab, "D0371")
    duration = tab.evaluate("""() => getComputedStyle(document.querySelector('[data-cdt-tooltip]')
                                .shadowRoot.querySelector('.box')).transitionDuration""")
    assert (duration != "0s") == fades
