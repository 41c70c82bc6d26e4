"""Plan notes (a record's caveats) and the edition line in the tooltip, in both browsers.

The texts come from cdt_data: the record's own caveats when it has some, else — where this
checkout's records carry none yet — the server's answer for D2391 is given two notes from
cdt_data's caveat registry and an `edition.added` bound ("before 2000") by a WSGI wrapper,
exactly in the shape the server sends (RecordSchema)."""
from __future__ import annotations

import json
import threading

import pytest

import cdt_data

pytestmark = pytest.mark.browser

CODE = "D2391"
NOTE_IDS = ["alternate-benefit", "plan-limits"]


def expected_record() -> dict:
    record = cdt_data.get(CODE).to_dict(resolve=True)
    if not record.get("caveats"):
        registry = cdt_data.caveats()
        record["caveats"] = [registry[i].to_dict() for i in NOTE_IDS]
    if record["edition"].get("added") is None:
        record["edition"]["added"] = "before 2000"
    return record


class WithNotes:
    """WSGI wrapper: the CODE record in lookup and record answers as expected_record() has it."""

    def __init__(self, app):
        self.app = app
        self.record = expected_record()

    def patch(self, body: dict, path: str) -> dict:
        if path == f"/api/v1/codes/{CODE}":
            body.update(caveats=self.record["caveats"], edition=self.record["edition"])
        for rec in body.get("found", []) if isinstance(body, dict) else []:
            if rec.get("code") == CODE:
                rec.update(caveats=self.record["caveats"], edition=self.record["edition"])
        return body

    def __call__(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        chunks = b"".join(self.app(environ, capture))
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("content-length", "etag")]
        path = environ.get("PATH_INFO", "")
        if captured["status"].startswith("200") and path.startswith("/api/v1/codes"):
            chunks = json.dumps(self.patch(json.loads(chunks), path)).encode()
        start_response(captured["status"], headers + [("Content-Length", str(len(chunks)))])
        return [chunks]


@pytest.fixture(scope="module")
def notes_server():
    from werkzeug.serving import make_server

    from cdt_server import create_app

    app = create_app({"TESTING": True})
    app.wsgi_app = WithNotes(app.wsgi_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.mark.parametrize("detail", ["standard", "full"])
def test_tooltip_shows_plan_notes_and_the_edition(xtab, pages, notes_server, ui, detail):
    record = expected_record()
    xtab.set_options(serverUrl=notes_server, detail=detail)
    xtab.goto(f"{pages}/table_claim.html")
    ui.marks(xtab, 5)
    xtab.hover(f"input[name=l3_code]")
    text = ui.tooltip(xtab, CODE, "Plan notes")
    for note in record["caveats"]:
        assert note["label"] in text
        # standard: a short line (the first sentence, cut near 160 characters); full: all of it
        assert (note["text"] if detail == "full" else note["text"][:60]) in text
    added = record["edition"]["added"]
    assert f"In CDT since {added}" in text
    if detail == "standard":
        long_notes = [n["text"] for n in record["caveats"] if len(n["text"]) > 160]
        assert long_notes and not any(t in text for t in long_notes)
