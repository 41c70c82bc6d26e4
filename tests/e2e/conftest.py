"""End-to-end fixtures: the real app behind a recorder, the test pages, and Chromium with the
unpacked extension.

Without Chromium or Playwright these tests skip, saying how to get them; with
CDT_REQUIRE_BROWSER=1 (CI) they fail instead.
"""
from __future__ import annotations

import functools
import http.server
import io
import json
import os
import pathlib
import socket
import threading
from dataclasses import dataclass, field

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
PAGES = pathlib.Path(__file__).resolve().parent / "pages"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = pathlib.Path("/usr/bin/chromium")
HOW_TO_GET_IT = (
    "end-to-end tests need Debian's Chromium and Playwright for Python: "
    "`sudo apt-get install -y chromium` and `pip install playwright` "
    "(never `playwright install`; the tests use /usr/bin/chromium)"
)
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    # This machine (and CI) has no internet; without these Chromium keeps trying to reach Google.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
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


def require_browser() -> None:
    reason = browser_missing()
    if reason is None:
        return
    message = f"{reason}: {HOW_TO_GET_IT}"
    if os.environ.get("CDT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CDT_REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    """The real cdt_server app (same factory as `cdt-server`) on a free port, every request recorded."""
    require_browser()
    from werkzeug.serving import WSGIRequestHandler, make_server

    from cdt_server import create_app

    app = create_app({"TESTING": True})
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder
    handler = type("Handler", (_QuietHandler, WSGIRequestHandler), {})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{server.server_port}", recorder)
    server.shutdown()
    thread.join(5)


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

@dataclass
class Browser:
    context: object
    worker: object
    extension_id: str

    def set_options(self, **options) -> None:
        self.worker.evaluate("(o) => chrome.storage.local.set(o)", options)

    def reset_options(self, server_url: str) -> None:
        self.worker.evaluate("() => chrome.storage.local.clear()")
        self.set_options(serverUrl=server_url)

    def extension_url(self, path: str) -> str:
        return f"chrome-extension://{self.extension_id}/{path}"


@pytest.fixture(scope="session")
def browser(cdt_server, tmp_path_factory):
    """One Chromium for the session with the unpacked extension, pointed at the recorded server."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=False,  # --headless=new below: the old headless mode runs no extensions
            args=[*CHROMIUM_ARGS, f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"],
            viewport={"width": 1280, "height": 800},
        )
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event(
            "serviceworker", timeout=15000)
        extension_id = worker.url.split("/")[2]
        b = Browser(context, worker, extension_id)
        b.reset_options(cdt_server.url)
        yield b
        context.close()


@pytest.fixture
def tab(browser, cdt_server):
    """A fresh tab; the options are reset and the request record emptied first."""
    browser.reset_options(cdt_server.url)
    cdt_server.recorder.clear()
    tab = browser.context.new_page()
    tab.set_default_timeout(10000)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def screenshots() -> pathlib.Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


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


@pytest.fixture(scope="session")
def ui() -> type[Ui]:
    return Ui


@pytest.fixture
def dead_server_url() -> str:
    """An address where no server listens (the port was free a moment ago)."""
    return f"http://127.0.0.1:{_free_port()}"
