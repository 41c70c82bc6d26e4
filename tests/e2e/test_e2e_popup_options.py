"""The popup (status, search, detail) against the real `cdt-server` command, and the options page."""
from __future__ import annotations

import pytest

import cdt_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def real_server(free_port, start_cdt_server):
    """`cdt-server --port N` as a user starts it."""
    port = free_port()
    with start_cdt_server(port):
        yield f"http://127.0.0.1:{port}"


def test_popup_status_search_and_detail(tab, browser, real_server):
    browser.set_options(serverUrl=real_server)
    tab.goto(browser.extension_url("popup/popup.html"))
    tab.locator("#status.up").wait_for()
    assert cdt_data.EDITION in tab.inner_text("#status")
    tab.locator("#q").press_sequentially("pano", delay=30)
    hit = tab.locator("#results button[data-code=D0330]")
    hit.wait_for()
    hit.click()
    tab.locator("#detail-code", has_text="D0330").wait_for()
    assert tab.inner_text("#detail-title") == cdt_data.get("D0330").title
    # plan notes read "<b>label: </b>text", confusable codes "<b>code </b>difference"
    bold = [b.strip() for b in tab.locator("#detail li > b").all_inner_texts()]
    assert "Limits vary by plan:" in bold and "D0210" in bold


def test_popup_opened_for_one_code_and_offline(tab, browser, dead_server_url):
    browser.set_options(serverUrl=dead_server_url)
    tab.goto(browser.extension_url("popup/popup.html?code=D0371"))
    tab.locator("#status.down").wait_for()
    tab.locator("#detail-title", has_text=cdt_data.get("D0371").title).wait_for()
    assert "cdt-server" in tab.inner_text("#note")
    tab.click("#back")
    tab.fill("#q", "salivary")
    tab.locator("#results button[data-code=D0371]").wait_for()


def test_options_page_saves_valid_values_only(tab, browser, cdt_server):
    tab.goto(browser.extension_url("options/options.html"))
    assert tab.input_value("#serverUrl") == cdt_server.url
    assert tab.is_checked("input[name=trigger][value=hover]")
    tab.fill("#serverUrl", "ftp://portal.example.com")
    tab.click("#options button[type=submit]")
    tab.locator("#status.error").wait_for()
    assert browser.worker.evaluate("() => chrome.storage.local.get('serverUrl')") == {"serverUrl": cdt_server.url}

    sites = browser.worker.evaluate("() => chrome.storage.local.get('sites')")["sites"]
    tab.fill("#serverUrl", "http://localhost:9999/")
    tab.check("input[name=detail][value=full]")
    tab.click("#options button[type=submit]")
    tab.locator("#status", has_text="Saved").wait_for()
    stored = browser.worker.evaluate("() => chrome.storage.local.get(null)")
    assert stored == {"serverUrl": "http://localhost:9999", "sites": sites, "trigger": "hover", "detail": "full"}
