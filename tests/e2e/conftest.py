"""End-to-end fixtures: the real app behind a recorder, the test pages, Chromium (Playwright)
and Firefox ESR (Marionette) with the unpacked extension, and `xtab`, one page API over both
so each scenario runs in both browsers.

Without a browser or its driver these tests skip, saying how to get them; with
CDT_REQUIRE_BROWSER=1 (CI) they fail instead.
"""
from __future__ import annotations

import functools
import http.server
import importlib.util
import io
import json
import os
import pathlib
import socket
import shutil
import subprocess
import threading
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
PAGES = pathlib.Path(__file__).resolve().parent / "pages"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = pathlib.Path("/usr/bin/chromium")
FIREFOX = pathlib.Path("/usr/bin/firefox-esr")
HOW_TO_GET_IT = (
    "end-to-end tests need Debian's Chromium and Playwright for Python: "
    "`sudo apt-get install -y chromium` and `pip install playwright` "
    "(never `playwright install`; the tests use /usr/bin/chromium)"
)
HOW_TO_GET_FIREFOX = (
    "Firefox end-to-end tests need Debian's Firefox ESR and Mozilla's Marionette client: "
    "`sudo apt-get install -y firefox-esr` and `pip install marionette-driver`"
)
# A practice server's host name, resolved to this machine in both browsers (and nowhere else).
PRACTICE_HOST = "practice-server.test"
# A portal's host name, also resolved to this machine, that the extension is never granted.
PORTAL_HOST = "claims-portal.test"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    # This machine (and CI) has no internet; without these Chromium keeps trying to reach Google.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    f"--host-resolver-rules=MAP {PRACTICE_HOST} 127.0.0.1, MAP {PORTAL_HOST} 127.0.0.1",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def firefox_missing() -> str | None:
    """Why the Firefox tests cannot run here, or None when they can."""
    if not FIREFOX.exists():
        return f"{FIREFOX} not found"
    try:
        _marionette()
    except ImportError:
        return "marionette-driver is not installed"
    return None


def _marionette():
    """marionette_driver's Marionette and Addons. (mozinfo, which it imports, calls a
    deprecated `distro` function at import time; that warning is theirs, not ours.)"""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from marionette_driver.addons import Addons
        from marionette_driver.marionette import Marionette
    return Marionette, Addons


def _skip_or_fail(reason: str | None, how: str) -> None:
    if reason is None:
        return
    message = f"{reason}: {how}"
    if os.environ.get("CDT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CDT_REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def require_browser() -> None:
    _skip_or_fail(browser_missing(), HOW_TO_GET_IT)


def require_firefox() -> None:
    _skip_or_fail(firefox_missing(), HOW_TO_GET_FIREFOX)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def start_cdt_server():
    """`cdt-server --port N` as a user starts it, as a context manager that waits for /healthz
    and stops the process after; ``env`` adds settings (CDT_SERVER_*)."""
    import sys
    import urllib.request

    @contextmanager
    def start(port: int, env=None):
        proc = subprocess.Popen([sys.executable, "-m", "cdt_server.cli", "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    proc.wait(10)
                    pytest.fail(f"cdt-server did not start: {proc.stderr.read().decode()[-500:]}")
                time.sleep(0.2)
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(10)
            proc.stderr.close()
    return start


@pytest.fixture(scope="session")
def free_port():
    """A function giving a port nobody listens on (free a moment ago)."""
    return _free_port


# ---- the server, recorded -------------------------------------------------------------------

@dataclass
class Recorded:
    method: str
    path: str
    query: str
    body: bytes

    def text(self) -> str:
        """Everything the request carried that could hold page data."""
        return f"{self.path}?{self.query}\n{self.body.decode('utf-8', 'replace')}"


@dataclass
class Recorder:
    """WSGI middleware that keeps every request's path, query string and body, then passes it on."""

    app: object
    requests: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        with self.lock:
            self.requests.append(Recorded(environ["REQUEST_METHOD"], environ.get("PATH_INFO", ""),
                                          environ.get("QUERY_STRING", ""), body))
        return self.app(environ, start_response)

    def snapshot(self) -> list[Recorded]:
        with self.lock:
            return list(self.requests)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    def to(self, path: str) -> list[Recorded]:
        return [r for r in self.snapshot() if r.path == path]


class _QuietHandler:
    """Mixin: no request log on stderr (it would print search text)."""

    def log_request(self, *args, **kwargs):
        pass

    def log_message(self, *args, **kwargs):  # http.server's errors (a missing favicon)
        pass

    def log(self, *args, **kwargs):  # werkzeug's
        pass


@dataclass
class Server:
    url: str
    recorder: Recorder


@pytest.fixture(scope="session")
def cdt_server():
    """The real cdt_server app on a free port, served as users run it (`cdt-server`'s waitress
    server with its limits, cdt_server.serving.make_server), every request recorded."""
    from cdt_server import create_app
    from cdt_server.serving import make_server

    app = create_app({"TESTING": True})
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder
    server = make_server(app, "127.0.0.1", 0, 4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.effective_port}", recorder)
    server.close()


# ---- the test pages ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pages():
    """Base URL of the claim-form pages in tests/e2e/pages, served on 127.0.0.1."""
    handler = type("Handler", (_QuietHandler, http.server.SimpleHTTPRequestHandler), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


# ---- the browser ------------------------------------------------------------------------------

# The extension's storage, the same in both browsers (`in_extension` runs in an extension context).
EXT = "(globalThis.browser || globalThis.chrome)"
REGISTERED = f"""async () => {{
    const scripts = await {EXT}.scripting.getRegisteredContentScripts();
    return scripts.flatMap((s) => s.matches).sort();
}}"""


def registered_sites(b) -> list[str]:
    """The match patterns the content script is registered for."""
    return b.in_extension(REGISTERED)


def host_pattern(site: str) -> str:
    """The pattern the content script is registered for: the site's, without its port."""
    scheme, rest = site.split("://", 1)
    host, path = rest.split("/", 1)
    return f"{scheme}://{host.rsplit(':', 1)[0] if not host.endswith(']') else host}/{path}"


def wait_registered(b, sites, timeout: float = 10.0) -> None:
    """Waits until the content script is registered for exactly `sites` (by host: the content
    script checks the port). The worker follows a change of `sites` on its own: nothing here
    asks it to."""
    granted = b.in_extension(f"""async (sites) => {{
        const out = [];
        for (const s of sites) if (await {EXT}.permissions.contains({{origins: [s]}})) out.push(s);
        return out; }}""", [host_pattern(s) for s in sites])
    expected = sorted(set(granted))
    deadline = time.monotonic() + timeout
    while (current := registered_sites(b)) != expected:
        if time.monotonic() > deadline:
            raise TimeoutError(f"content script registered for {current}, expected {expected}")
        time.sleep(0.05)


def set_options(b, options: dict) -> None:
    b.in_extension(f"(o) => {EXT}.storage.local.set(o)", options)
    if "sites" in options:
        wait_registered(b, options["sites"])


def reset_options(b, server_url: str, sites) -> None:
    b.in_extension(f"() => {EXT}.storage.local.clear()")
    wait_registered(b, [])
    set_options(b, {"serverUrl": server_url, "sites": list(sites)})


def site_of(url: str) -> str:
    """The `sites` pattern of a page's address: `http://127.0.0.1:PORT/*`."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/*"


@dataclass
class Browser:
    context: object
    worker: object
    extension_id: str
    playwright: object = None

    def in_extension(self, fn: str, arg=None):
        """Evaluates `fn(arg)` (a JS function, may be async) in the service worker."""
        return self.worker.evaluate(fn, arg)

    def set_options(self, **options) -> None:
        set_options(self, options)

    def reset_options(self, server_url: str, sites=()) -> None:
        reset_options(self, server_url, sites)

    def extension_url(self, path: str) -> str:
        return f"chrome-extension://{self.extension_id}/{path}"


def launch_chromium(playwright, profile: pathlib.Path, extension: pathlib.Path = EXTENSION) -> Browser:
    """Chromium on `profile` with the unpacked `extension`."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=False,  # --headless=new below: the old headless mode runs no extensions
        args=[*CHROMIUM_ARGS, f"--disable-extensions-except={extension}", f"--load-extension={extension}"],
        viewport={"width": 1280, "height": 800},
    )
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event(
        "serviceworker", timeout=15000)
    return Browser(context, worker, worker.url.split("/")[2], playwright)


@pytest.fixture(scope="session")
def browser(cdt_server, tmp_path_factory):
    """One Chromium for the session with the unpacked extension, pointed at the recorded server."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p, tmp_path_factory.mktemp("chromium-profile"))
        yield b
        b.context.close()


@pytest.fixture(scope="module")
def practice_chromium(browser, tmp_path_factory):
    """A second Chromium whose copy of the extension has the practice server's host in its
    manifest. Chromium has no switch to accept its permission prompt, and tests cannot click
    browser UI; with the host granted up front, the options page's permissions.request answers
    at once, as it does for a user who allowed it. (Firefox takes the real prompt path: its
    prompts are turned off by a pref.)"""
    copy = tmp_path_factory.mktemp("extension-practice") / "extension"
    shutil.copytree(EXTENSION, copy, ignore=shutil.ignore_patterns("tests", "dist", "node_modules"))
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["host_permissions"].append(f"http://{PRACTICE_HOST}/*")
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    b = launch_chromium(browser.playwright, tmp_path_factory.mktemp("chromium-practice-profile"), copy)
    yield b
    b.context.close()


@pytest.fixture
def tab(browser, cdt_server, pages):
    """A fresh tab; the options are reset (the test pages' site turned on) and the request
    record emptied first."""
    browser.reset_options(cdt_server.url, [site_of(pages)])
    cdt_server.recorder.clear()
    tab = browser.context.new_page()
    tab.set_default_timeout(10000)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def screenshots() -> pathlib.Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---- Firefox ESR through Marionette ---------------------------------------------------------

GECKO_ID = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))["browser_specific_settings"]["gecko"]["id"]
# A fixed internal UUID, so the tests know the extension's moz-extension:// origin.
GECKO_UUID = "6d2f0b8e-3c4a-4e1f-9b7d-2a5c8e1f0d3b"
FIREFOX_PREFS = {
    "extensions.webextensions.uuids": json.dumps({GECKO_ID: GECKO_UUID}),
    # Optional permissions are granted without the doorhanger (tests cannot click browser UI).
    "extensions.webextOptionalPermissionPrompts": False,
    "focusmanager.testmode": True,  # focus events in a headless window
    "network.dns.localDomains": f"{PRACTICE_HOST},{PORTAL_HOST}",  # to this machine, like Chromium's rule
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.newtabpage.enabled": False,
    # No network beyond the test servers: the Firefox side of Chromium's --disable-* flags.
    "app.update.disabledForTesting": True,
    "app.normandy.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "browser.region.network.url": "",
    "browser.search.update": False,
    "browser.topsites.contile.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "geo.provider.network.url": "",
    "media.gmp-manager.url": "",
    "messaging-system.rsexperimentloader.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "network.trr.mode": 5,
    "services.settings.server": "data:,#remote-settings-dummy/v1",
}


@dataclass
class Firefox:
    """One Firefox ESR with the extension as a temporary add-on, driven over Marionette.

    Two tabs: `ext_handle` shows the extension's options page (a page of the extension, so its
    `browser.storage` is at hand) and `page_handle` is the tab the tests drive."""

    marionette: object
    process: subprocess.Popen
    ext_handle: str
    page_handle: str

    @property
    def base(self) -> str:
        return f"moz-extension://{GECKO_UUID}"

    def extension_url(self, path: str) -> str:
        return f"{self.base}/{path}"

    def in_extension(self, fn: str, arg=None):
        """Evaluates `fn(arg)` (a JS function, may be async) in an extension page and returns the result."""
        m = self.marionette
        current = m.current_window_handle
        m.switch_to_window(self.ext_handle, focus=False)
        try:
            return m.execute_script(f"return ({fn})(arguments[0]);", script_args=[arg], sandbox=None)
        finally:
            m.switch_to_window(current, focus=False)

    def set_options(self, **options) -> None:
        set_options(self, options)

    def reset_options(self, server_url: str, sites=()) -> None:
        reset_options(self, server_url, sites)

    def open_privileged_tab(self, url: str) -> str:
        """A new tab on `url`, loaded with the system principal (Marionette's navigate refuses
        moz-extension:// URLs); returns its window handle."""
        m = self.marionette
        before = set(m.window_handles)
        with m.using_context("chrome"):
            m.execute_script(
                """const win = Services.wm.getMostRecentWindow("navigator:browser");
                   win.gBrowser.selectedTab = win.gBrowser.addTab(arguments[0],
                     {triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal()});""",
                script_args=[url])
        deadline = time.monotonic() + 10
        while not (set(m.window_handles) - before):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no tab opened for {url}")
            time.sleep(0.05)
        return (set(m.window_handles) - before).pop()


def _start_firefox(profile: pathlib.Path, prefs: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in {**prefs, "marionette.port": port}.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = open(profile / "firefox.log", "wb")
    process = subprocess.Popen(
        [str(FIREFOX), "--headless", "--marionette", "-remote-allow-system-access", "--no-remote",
         "--profile", str(profile), "about:blank"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"})
    log.close()
    return process, port


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Firefox did not open Marionette's port {port} (exit code {process.poll()})") from None
            time.sleep(0.1)


def launch_firefox(profile: pathlib.Path, extension: pathlib.Path = EXTENSION, prefs: dict | None = None) -> Firefox:
    """Firefox ESR on `profile` with `extension` (a folder or a zip) installed as a temporary add-on."""
    Marionette, Addons = _marionette()
    process, port = _start_firefox(profile, {**FIREFOX_PREFS, **(prefs or {})})
    m = Marionette(host="127.0.0.1", port=port)
    try:
        _wait_for_port(port, process)  # (marionette_driver's own wait leaks a socket per try)
        m.start_session(timeout=60)
        m.timeout.script = 15
        Addons(m).install(str(extension), temp=True)
        page_handle = m.current_window_handle
        ff = Firefox(m, process, "", page_handle)
        ff.ext_handle = ff.open_privileged_tab(ff.extension_url("options/options.html"))
        m.switch_to_window(ff.ext_handle, focus=False)
        deadline = time.monotonic() + 15
        while m.execute_script("return typeof browser === 'object' && document.readyState", sandbox=None) != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError("the extension's options page did not load in Firefox")
            time.sleep(0.05)
        m.switch_to_window(page_handle)
        return ff
    except Exception:
        quit_firefox(Firefox(m, process, "", ""))
        raise


def quit_firefox(ff: Firefox) -> None:
    try:
        ff.marionette.quit(in_app=False) if ff.marionette.instance else ff.marionette.delete_session()
    except Exception:  # noqa: BLE001 - closing down regardless
        pass
    ff.process.terminate()
    try:
        ff.process.wait(20)
    except subprocess.TimeoutExpired:
        ff.process.kill()
        ff.process.wait(10)


@pytest.fixture(scope="session")
def firefox(cdt_server, tmp_path_factory):
    """One Firefox ESR for the session with the unpacked extension, pointed at the recorded server."""
    require_firefox()
    ff = launch_firefox(tmp_path_factory.mktemp("firefox-profile"))
    yield ff
    quit_firefox(ff)


# ---- one page API over both browsers ----------------------------------------------------------

KEYS = {"Escape": "\ue00c", "Tab": "\ue004", "Enter": "\ue007"}


class ChromiumTab:
    """The page API of the cross-browser scenarios, on a Playwright page."""

    name = "chromium"

    def __init__(self, page, browser: Browser):
        self.page = page
        self.browser = browser
        self.frame = page.main_frame

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.frame = self.page.main_frame

    def js(self, fn: str, arg=None):
        return self.frame.evaluate(fn, arg)

    def wait(self, fn: str, arg=None, timeout: float = 10.0):
        """Waits until `fn(arg)` is truthy in the page (polled) and returns that value."""
        return self.frame.wait_for_function(fn, arg=arg, timeout=timeout * 1000).json_value()

    def hover(self, selector: str) -> None:
        self.frame.hover(selector)

    def move_away(self) -> None:
        self.page.mouse.move(5, 790)

    def focus(self, selector: str) -> None:
        self.frame.focus(selector)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, selector: str, text: str) -> None:
        self.frame.locator(selector).press_sequentially(text, delay=20)

    def click(self, selector: str) -> None:
        self.frame.click(selector)

    @contextmanager
    def in_frame(self, selector: str):
        outer = self.frame
        self.frame = outer.wait_for_selector(selector).content_frame()
        try:
            yield self
        finally:
            self.frame = outer

    def set_options(self, **options) -> None:
        self.browser.set_options(**options)

    def in_extension(self, fn: str, arg=None):
        return self.browser.in_extension(fn, arg)

    @property
    def url(self) -> str:
        return self.page.url

    def reload(self) -> None:
        self.page.reload()
        self.frame = self.page.main_frame

    @contextmanager
    def extension_page(self, path: str):
        """The extension's page `path` in a tab of its own, driven through the same API."""
        page = self.page.context.new_page()
        page.set_default_timeout(10000)
        page.goto(self.browser.extension_url(path))
        try:
            yield ChromiumTab(page, self.browser)
        finally:
            page.close()

    def extension_url(self, path: str) -> str:
        return self.browser.extension_url(path)


class FirefoxTab:
    """The same page API on Firefox, through Marionette (scripts run in the page's own world)."""

    name = "firefox"

    def __init__(self, ff: Firefox):
        self.ff = ff
        self.m = ff.marionette

    def goto(self, url: str) -> None:
        self.m.switch_to_default_content()
        self.m.navigate(url)

    def js(self, fn: str, arg=None):
        return self.m.execute_script(f"return ({fn})(arguments[0]);", script_args=[arg], sandbox=None)

    def wait(self, fn: str, arg=None, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(fn, arg)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout} s waiting for {fn} ({arg!r})")
            time.sleep(0.05)

    def _element(self, selector: str):
        self.wait("(s) => { const e = document.querySelector(s); if (e) e.scrollIntoView({block: 'center'}); return !!e; }", selector)
        return self.m.find_element("css selector", selector)

    def hover(self, selector: str) -> None:
        element = self._element(selector)
        self.m.actions.sequence("pointer", "mouse", {"pointerType": "mouse"}).pointer_move(0, 0, origin=element).perform()

    def move_away(self) -> None:
        self.m.actions.sequence("pointer", "mouse", {"pointerType": "mouse"}).pointer_move(5, 5).perform()

    def focus(self, selector: str) -> None:
        self._element(selector)
        self.js("(s) => document.querySelector(s).focus()", selector)

    def press(self, key: str) -> None:
        value = KEYS.get(key, key)
        self.m.actions.sequence("key", "keyboard").key_down(value).key_up(value).perform()

    def type(self, selector: str, text: str) -> None:
        self._element(selector).send_keys(text)

    def click(self, selector: str) -> None:
        self._element(selector).click()

    @contextmanager
    def in_frame(self, selector: str):
        self.m.switch_to_frame(self._element(selector))
        try:
            yield self
        finally:
            self.m.switch_to_parent_frame()

    def set_options(self, **options) -> None:
        self.ff.set_options(**options)

    def in_extension(self, fn: str, arg=None):
        return self.ff.in_extension(fn, arg)

    @property
    def url(self) -> str:
        return self.m.get_url()

    def reload(self) -> None:
        self.m.switch_to_default_content()
        self.m.refresh()

    @contextmanager
    def extension_page(self, path: str):
        """The extension's page `path` in a tab of its own, driven through the same API."""
        back = self.m.current_window_handle
        handle = self.ff.open_privileged_tab(self.ff.extension_url(path))
        self.m.switch_to_window(handle)
        try:
            self.wait("() => document.readyState === 'complete' && typeof browser === 'object'")
            yield self
        finally:
            self.m.close()
            self.m.switch_to_window(back)

    def extension_url(self, path: str) -> str:
        return self.ff.extension_url(path)


@pytest.fixture(scope="session", params=["chromium", "firefox"])
def xbrowser(request):
    """Each browser in turn: the Chromium `browser` or the `firefox` fixture."""
    return request.param, request.getfixturevalue("browser" if request.param == "chromium" else "firefox")


def _tab_in(name: str, b, cdt_server, pages):
    b.reset_options(cdt_server.url, [site_of(pages)])
    cdt_server.recorder.clear()
    if name == "chromium":
        page = b.context.new_page()
        page.set_default_timeout(10000)
        yield ChromiumTab(page, b)
        page.close()
    else:
        b.marionette.switch_to_window(b.page_handle)
        yield FirefoxTab(b)
        b.marionette.switch_to_default_content()
        b.marionette.navigate("about:blank")


@pytest.fixture
def xtab(xbrowser, cdt_server, pages):
    """A page in each browser, with the options reset (the test pages' site turned on) and the
    request record emptied first."""
    yield from _tab_in(*xbrowser, cdt_server, pages)


def _pack(browser_name: str, out: pathlib.Path) -> pathlib.Path:
    spec = importlib.util.spec_from_file_location("pack_extension", ROOT / "scripts" / "pack_extension.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pack(browser_name, out)


@pytest.fixture(scope="module")
def packed_chromium(browser, tmp_path_factory):
    """Chromium with the Chrome store zip (unpacked into a folder: Chromium loads no zip)."""
    target = tmp_path_factory.mktemp("packed-chrome") / "extension"
    with zipfile.ZipFile(_pack("chrome", target.parent)) as zf:
        zf.extractall(target)
    b = launch_chromium(browser.playwright, tmp_path_factory.mktemp("chromium-packed-profile"), target)
    yield b
    b.context.close()


@pytest.fixture(scope="module")
def packed_firefox(cdt_server, tmp_path_factory):
    """Firefox ESR with the Firefox store zip installed as it is."""
    require_firefox()
    ff = launch_firefox(tmp_path_factory.mktemp("firefox-packed-profile"),
                        extension=_pack("firefox", tmp_path_factory.mktemp("packed-firefox")))
    yield ff
    quit_firefox(ff)


@pytest.fixture(params=["chromium", "firefox"])
def packed_tab(request, cdt_server, pages):
    """`xtab`, in browsers running the packed store zips instead of the source folder."""
    b = request.getfixturevalue(f"packed_{request.param}")
    yield from _tab_in(request.param, b, cdt_server, pages)


@pytest.fixture(params=["chromium", "firefox"])
def practice_tab(request, cdt_server, pages):
    """`xtab`, in browsers that may reach the practice server's host (see practice_chromium)."""
    b = request.getfixturevalue("practice_chromium" if request.param == "chromium" else "firefox")
    yield from _tab_in(request.param, b, cdt_server, pages)


# ---- helpers for the tests (a fixture: with --import-mode=importlib tests cannot import modules) --

class Ui:
    """Selectors and waits the end-to-end tests share."""

    TOOLTIP = "[data-cdt-tooltip] .box"
    PANEL = "[data-cdt-panel] .panel"

    @staticmethod
    def marked_codes(frame) -> list[str]:
        """The data-cdt-code values on the page (or frame), in page order."""
        return frame.eval_on_selector_all("[data-cdt-code]", "els => els.map(e => e.getAttribute('data-cdt-code'))")

    @staticmethod
    def wait_for_marks(frame, count: int) -> None:
        frame.wait_for_function("n => document.querySelectorAll('[data-cdt-code]').length >= n", arg=count)

    @staticmethod
    def wait_for_tooltip(frame, code: str, text: str | None = None):
        """The tooltip box once it shows `code` (and `text`, when given)."""
        box = frame.locator(Ui.TOOLTIP)
        box.locator(".head", has_text=code).wait_for()
        if text:
            box.get_by_text(text, exact=False).first.wait_for()
        return box

    @staticmethod
    def finding_row(frame, *codes: str):
        """The panel row naming all of `codes`."""
        row = frame.locator(f"{Ui.PANEL} li")
        for code in codes:
            row = row.filter(has_text=code)
        return row

    @staticmethod
    def json_bodies(requests) -> list[dict]:
        return [json.loads(r.body) for r in requests if r.body]

    # The same, as page scripts for `xtab` (either browser).
    MARKED = "() => [...document.querySelectorAll('[data-cdt-code]')].map(e => e.getAttribute('data-cdt-code'))"
    TOOLTIP_JS = """([code, text]) => {
        const host = document.querySelector('[data-cdt-tooltip]');
        if (!host || host.hidden) return null;
        const box = host.shadowRoot.querySelector('.box');
        const head = box.querySelector('.head');
        if (!head || head.textContent !== code) return null;
        const shown = box.innerText;
        return !text || shown.toLowerCase().includes(text.toLowerCase()) ? shown : null;
    }"""
    TOOLTIP_HIDDEN = "() => { const h = document.querySelector('[data-cdt-tooltip]'); return !h || h.hidden; }"
    PANEL_ROWS = """() => {
        const host = document.querySelector('[data-cdt-panel]');
        return host ? [...host.shadowRoot.querySelectorAll('li')].map(li => li.textContent) : [];
    }"""
    PANEL_TEXT = """() => { const host = document.querySelector('[data-cdt-panel]');
        return host && !host.hidden ? host.shadowRoot.querySelector('.panel').innerText : null; }"""
    ROW_WITH = """(codes) => {
        const host = document.querySelector('[data-cdt-panel]');
        if (!host || host.hidden) return null;
        const row = [...host.shadowRoot.querySelectorAll('li')].find(li => codes.every(c => li.textContent.includes(c)));
        return row ? row.textContent : null;
    }"""
    NO_ROW_WITH = """(codes) => {
        const host = document.querySelector('[data-cdt-panel]');
        return !host || ![...host.shadowRoot.querySelectorAll('li')].some(li => codes.every(c => li.textContent.includes(c)));
    }"""

    @staticmethod
    def registered(xtab) -> list[str]:
        """The host patterns the content script is registered for, once the worker has followed
        the last change of `sites` (it syncs after the change: polled)."""
        wait_registered(xtab, xtab.in_extension(f"async () => (await {EXT}.storage.local.get('sites')).sites || []"))
        return registered_sites(xtab)

    @staticmethod
    def tab_id(xtab, url: str) -> int:
        """The browser's id of the tab showing `url`."""
        # (Not tabs.query({url}): the url there is a match pattern, and Firefox's never match a port.)
        return xtab.in_extension(f"async (url) => (await {EXT}.tabs.query({{}})).find((t) => t.url === url).id", url)

    @staticmethod
    def content_state(xtab, url: str) -> dict:
        """Whether the content script is in the tab showing `url` and whether it started there,
        asked of the extension's own world (an injected probe runs after the page's registered
        content scripts, at document_idle): a check that does not wait for something not to happen."""
        return xtab.in_extension(f"""async (url) => {{
            const ext = {EXT};
            const tab = (await ext.tabs.query({{}})).find((t) => t.url === url);
            const [probe] = await ext.scripting.executeScript({{target: {{tabId: tab.id}},
                func: () => ({{loaded: Boolean(globalThis.cdt && globalThis.cdt.started), active: Boolean(globalThis.cdt && globalThis.cdt.active)}})}});
            return probe.result;
        }}""", url)

    @staticmethod
    def marks(xtab, count: int) -> list[str]:
        """The marked codes once there are at least `count`."""
        xtab.wait("n => document.querySelectorAll('[data-cdt-code]').length >= n", count)
        return xtab.js(Ui.MARKED)

    @staticmethod
    def tooltip(xtab, code: str, text: str | None = None) -> str:
        """The tooltip's text once it shows `code` (and `text`, when given)."""
        return xtab.wait(Ui.TOOLTIP_JS, [code, text])

    @staticmethod
    def row(xtab, *codes: str) -> str:
        """The panel row naming all of `codes`, once there is one."""
        return xtab.wait(Ui.ROW_WITH, list(codes))

    @staticmethod
    def fill(xtab, selector: str, value: str) -> None:
        """Sets a field's value as a portal's script would, and says so with an input event."""
        xtab.js("""([s, v]) => { const e = document.querySelector(s); e.value = v;
                   e.dispatchEvent(new Event('input', {bubbles: true})); }""", [selector, value])


@pytest.fixture(scope="session")
def ui() -> type[Ui]:
    return Ui


@pytest.fixture
def dead_server_url() -> str:
    """An address where no server listens (the port was free a moment ago)."""
    return f"http://127.0.0.1:{_free_port()}"
