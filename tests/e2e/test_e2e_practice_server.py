"""A practice server: one `cdt-server` on the practice network, each workstation's extension
pointed at it by host name. Here the name (conftest.PRACTICE_HOST) resolves to this machine in
both browsers (Chromium's --host-resolver-rules, Firefox's network.dns.localDomains)."""
from __future__ import annotations

import pytest

import cdt_data

pytestmark = pytest.mark.browser

HOST = "practice-server.test"  # the same as conftest.PRACTICE_HOST (tests cannot import it)
EXT = "(globalThis.browser || globalThis.chrome)"


@pytest.fixture(scope="module")
def practice_server(free_port, start_cdt_server):
    """`cdt-server` as a practice would start it, answering for its host name.

    CDT_SERVER_ALLOWED_HOSTS names the host for a server that checks Host (docs/server.md)."""
    port = free_port()
    with start_cdt_server(port, {"CDT_SERVER_ALLOWED_HOSTS": HOST}):
        yield f"http://{HOST}:{port}"


def test_options_take_a_practice_server_by_host_name(practice_tab, pages, practice_server, ui):
    xtab = practice_tab
    with xtab.extension_page("options/options.html") as options:
        options.wait("() => document.getElementById('serverUrl').value.startsWith('http://127.0.0.1')")
        options.js("(v) => { document.getElementById('serverUrl').value = v; }", practice_server + "/")
        options.click("#options button[type=submit]")  # asks for the host's permission, in the click
        options.wait("() => document.getElementById('status').textContent === 'Saved.'")
        stored = options.in_extension(f"async () => (await {EXT}.storage.local.get('serverUrl')).serverUrl")
        assert stored == practice_server
        assert options.in_extension(f"async () => {EXT}.permissions.contains({{origins: ['http://{HOST}/*']}})")

    # The popup shows the practice server's health.
    with xtab.extension_page("popup/popup.html") as popup:
        status = popup.wait("() => { const s = document.getElementById('status'); return s.classList.contains('up') && s.textContent; }")
        assert HOST in status and cdt_data.EDITION in status

    # Tooltips and the claim check come from it: full records, not the offline snapshot.
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    ui.row(xtab, "D0371", "D0310")
    xtab.hover("#tip [data-cdt-code=D0371]")
    text = ui.tooltip(xtab, "D0371", "Often confused with")
    assert "cdt-server" not in text


def test_a_server_that_is_not_an_address_is_refused(xtab):
    with xtab.extension_page("options/options.html") as options:
        options.wait("() => document.getElementById('serverUrl').value.startsWith('http://127.0.0.1')")
        options.js("() => { document.getElementById('serverUrl').value = 'ftp://practice-server.test'; }")
        options.click("#options button[type=submit]")
        options.wait("() => document.getElementById('status').classList.contains('error')")
        assert options.in_extension(f"async () => (await {EXT}.storage.local.get('serverUrl')).serverUrl").startswith("http://127.0.0.1")
