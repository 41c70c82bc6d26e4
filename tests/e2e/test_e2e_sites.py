"""Active only where the user turns it on: `sites` in storage registers the content script,
the popup turns a site on and off or scans a page once, the options page lists the sites and
offers suggestions it never grants by itself. In Chromium and in Firefox (`xtab`)."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

EXT = "(globalThis.browser || globalThis.chrome)"
STORED_SITES = f"async () => (await {EXT}.storage.local.get('sites')).sites"
GRANTED = f"async () => (await {EXT}.permissions.getAll()).origins"


def site(pages: str) -> str:
    return pages + "/*"


def test_off_until_the_site_is_turned_on_and_off_again(xtab, pages, ui):
    url = f"{pages}/table_claim.html"
    xtab.set_options(sites=[])
    xtab.goto(url)
    assert ui.content_state(xtab, url) == {"loaded": False, "active": False}
    assert xtab.js("() => document.querySelectorAll('[data-cdt-code]').length") == 0

    xtab.set_options(sites=[site(pages)])  # waits for the worker to register it, asks nothing
    xtab.reload()
    assert ui.marks(xtab, 5) == ["D1110", "D0371", "D0310", "D2391", "D0371"]

    xtab.set_options(sites=[])
    xtab.reload()
    assert ui.content_state(xtab, url) == {"loaded": False, "active": False}


def test_the_port_is_part_of_the_site(xtab, pages, free_port, ui):
    """Registrations are per host (Firefox matches no pattern with a port); the content script
    itself keeps to the port of the site turned on."""
    url = f"{pages}/table_claim.html"
    xtab.set_options(sites=[f"http://127.0.0.1:{free_port()}/*"])
    xtab.goto(url)
    assert ui.content_state(xtab, url) == {"loaded": True, "active": False}
    assert xtab.js("() => document.querySelectorAll('[data-cdt-code]').length") == 0


def test_popup_turns_the_site_on_and_off(xtab, pages, ui):
    url = f"{pages}/table_claim.html"
    xtab.set_options(sites=[])
    xtab.goto(url)
    tab_id = ui.tab_id(xtab, url)
    with xtab.extension_page(f"popup/popup.html?tab={tab_id}") as popup:
        state = popup.wait("() => { const t = document.getElementById('site-state').textContent; return t.startsWith('Off') && t; }")
        assert pages.split("://")[1] in state
        popup.click("#site-toggle")  # 127.0.0.1 is the server's host: granted, so no prompt
        popup.wait("() => document.getElementById('site-state').textContent.startsWith('On')")
        assert popup.in_extension(STORED_SITES) == [site(pages)]
        assert ui.registered(popup) == ["http://127.0.0.1/*"]
    # The page was scanned at once, without a reload.
    assert ui.marks(xtab, 5)[0] == "D1110"

    with xtab.extension_page(f"popup/popup.html?tab={tab_id}") as popup:
        popup.wait("() => document.getElementById('site-toggle').textContent === 'Turn off for this site'")
        popup.click("#site-toggle")
        popup.wait("() => document.getElementById('site-state').textContent.startsWith('Off')")
        assert popup.in_extension(STORED_SITES) == []
        assert ui.registered(popup) == []
        # The server's own host permission stays: the browser refuses to drop a manifest's host.
        assert "http://127.0.0.1/*" in popup.in_extension(GRANTED)


def test_scan_once_leaves_the_site_off(xtab, pages, ui):
    """The popup's "Scan this page once" (and the keyboard shortcut, through the same worker
    call, under activeTab) scans the page without turning the site on."""
    url = f"{pages}/table_claim.html"
    xtab.set_options(sites=[])
    xtab.goto(url)
    tab_id = ui.tab_id(xtab, url)
    with xtab.extension_page(f"popup/popup.html?tab={tab_id}") as popup:
        popup.wait("() => !document.getElementById('scan-once').hidden")
        popup.click("#scan-once")
        popup.wait("() => document.getElementById('note').textContent.includes('Scanned once')")
        assert popup.in_extension(STORED_SITES) == []
        assert ui.registered(popup) == []
    assert ui.marks(xtab, 5) == ["D1110", "D0371", "D0310", "D2391", "D0371"]
    ui.row(xtab, "D0371", "D0310")


def test_options_list_sites_and_suggest_portals_without_granting_them(xtab, pages, ui):
    other = "https://claims.example.org/*"  # stored, but never granted: not registered
    xtab.set_options(sites=[site(pages), other])
    granted_before = sorted(xtab.in_extension(GRANTED))
    with xtab.extension_page("options/options.html") as options:
        listed = options.wait("() => [...document.querySelectorAll('#sites li')].map(li => li.dataset.site)")
        assert listed == [site(pages), other]
        suggestions = options.js("() => [...document.querySelectorAll('#suggested li')].map(li => li.dataset.site)")
        assert len(suggestions) >= 5 and all(s.startswith("https://") for s in suggestions)
        # Suggestions are offered, never granted or stored by themselves.
        assert options.in_extension(STORED_SITES) == [site(pages), other]
        assert sorted(options.in_extension(GRANTED)) == granted_before
        assert not set(suggestions) & set(granted_before)

        options.click(f"#sites li[data-site='{site(pages)}'] button")
        options.wait("(s) => ![...document.querySelectorAll('#sites li')].some(li => li.dataset.site === s)", site(pages))
        assert options.in_extension(STORED_SITES) == [other]
        assert ui.registered(options) == []

        # Turned on again by its address, typed in.
        options.type("#newSite", f"{pages}/table_claim.html")
        options.click("#add-site button[type=submit]")
        options.wait("(s) => [...document.querySelectorAll('#sites li')].some(li => li.dataset.site === s)", site(pages))
        assert options.in_extension(STORED_SITES) == [other, site(pages)]
        assert ui.registered(options) == ["http://127.0.0.1/*"]


def test_shortcut_scans_a_site_never_granted_once_under_active_tab(firefox, pages, cdt_server):
    """Alt+Shift+D through the browser's own command (Firefox: the add-on's <key> in the
    browser window; tests cannot press browser shortcuts, and Chromium offers no way in) on a
    host the extension has no permission for: the temporary grant that comes with the command
    (activeTab) lets it scan this page once, and the site stays off and ungranted. (Firefox
    grants it for a command even without `activeTab` in the manifest; Chrome needs the key,
    which test_extension_package checks.)"""
    portal = pages.replace("127.0.0.1", "claims-portal.test")  # conftest.PORTAL_HOST
    firefox.reset_options(cdt_server.url, [])
    m = firefox.marionette
    m.switch_to_window(firefox.page_handle)
    granted = f"async () => {EXT}.permissions.contains({{origins: ['http://claims-portal.test/*']}})"
    assert firefox.in_extension(granted) is False
    m.navigate(f"{portal}/table_claim.html")
    with m.using_context("chrome"):
        fired = m.execute_script("""
            const win = Services.wm.getMostRecentWindow("navigator:browser");
            const key = [...win.document.querySelectorAll("key")].find(
                (k) => (k.getAttribute("key") || "").toUpperCase() === "D" && k.getAttribute("modifiers") === "alt,shift");
            if (!key) return false;
            key.doCommand();
            return true;""")
    assert fired, "no Alt+Shift+D command in the browser window"
    try:
        deadline = time.monotonic() + 10
        while m.execute_script("return document.querySelectorAll('[data-cdt-code]').length") < 5:
            assert time.monotonic() < deadline, "the shortcut did not scan the page"
            time.sleep(0.05)
        assert firefox.in_extension(granted) is False
        assert firefox.in_extension(STORED_SITES) == []
        assert firefox.in_extension(f"async () => (await {EXT}.scripting.getRegisteredContentScripts()).length") == 0
    finally:
        m.navigate("about:blank")
