"""The record fast path answers exactly as the Flask route does, for every record and every
header that changes the answer; anything else goes on to Flask."""
import logging

import pytest
from werkzeug.test import Client

import cdt_data

from .conftest import CHROME_ORIGIN

VARIANTS = [
    {},
    {"Origin": CHROME_ORIGIN},
    {"Origin": "https://evil.example"},
    {"Host": "localhost:8765"},
    {"If-None-Match": "*"},
    {"If-None-Match": '"nope", W/"also-no"'},
]


def _answer(wsgi, path, headers):
    resp = Client(wsgi).get(path, headers=headers)
    return resp.status, sorted(resp.headers.items()), resp.get_data()


@pytest.fixture(scope="module")
def paths(app):
    fast = app.extensions["cdt_fast_path"]
    return fast, fast.next


def test_every_record_is_answered_the_same_by_both_paths(app, paths):
    fast, flask_only = paths
    for i, proc in enumerate(cdt_data.codes(include_deleted=True)):
        path = "/api/v1/codes/" + proc.code
        for headers in VARIANTS if i % 20 == 0 else VARIANTS[1:2]:
            assert _answer(fast, path, headers) == _answer(flask_only, path, headers), (path, headers)
        if i % 20:
            continue
        etag = app.extensions["cdt"].cached(proc.code).etag
        for inm in (etag, "W/" + etag, f'"x", {etag}'):
            assert _answer(fast, path, {"If-None-Match": inm}) == _answer(flask_only, path, {"If-None-Match": inm})


@pytest.mark.parametrize("path, headers", [
    ("/api/v1/codes/d0371", {}), ("/api/v1/codes/D0379", {}), ("/api/v1/codes/D0371?x=1", {}),
    ("/api/v1/codes/D037X", {}), ("/api/v1/codes/D0371", {"Host": "evil.example"}),
])
def test_anything_else_goes_to_flask(app, paths, monkeypatch, path, headers):
    fast, flask_only = paths
    calls = []
    monkeypatch.setattr(fast, "next", lambda environ, start_response: calls.append(1) or flask_only(environ, start_response))
    Client(fast).get(path, headers=headers)
    assert calls == [1]


def test_the_fast_path_is_logged_like_the_route(client, caplog):
    caplog.set_level(logging.INFO, logger="cdt_server")
    client.get("/api/v1/codes/D0371")
    assert caplog.records[0].getMessage().startswith("GET /api/v1/codes/D0371 200 ")
