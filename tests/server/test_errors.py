"""Every error is the one JSON shape: no HTML page, no traceback, no internals."""
import json
import logging

import pytest

ERROR_KEYS = {"status", "error", "message"}


def assert_error(resp, status, error=None):
    assert resp.status_code == status
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["status"] == status and ERROR_KEYS <= set(body)
    assert set(body) <= ERROR_KEYS | {"fields", "suggestions"}
    assert body["message"] and "Traceback" not in body["message"] and "<" not in body["message"]
    if error:
        assert body["error"] == error
    return body


JSON = "application/json"

CASES = [
    # (id, method, path, kwargs, status, error)
    ("malformed code", "GET", "/api/v1/codes/D03x1", {}, 400, "invalid_code"),
    ("too long code", "GET", "/api/v1/codes/" + "9" * 300, {}, 400, "invalid_code"),
    ("limit not a number", "GET", "/api/v1/search?q=crown&limit=many", {}, 400, "invalid_parameter"),
    ("limit out of range", "GET", "/api/v1/search?q=crown&limit=0", {}, 400, "invalid_parameter"),
    ("search without q", "GET", "/api/v1/search", {}, 400, "invalid_parameter"),
    ("query too long", "GET", "/api/v1/search?q=" + "a" * 501, {}, 400, "invalid_parameter"),
    ("unknown category", "GET", "/api/v1/search?q=crown&category=nope", {}, 400, "invalid_parameter"),
    ("unknown category list", "GET", "/api/v1/codes?category=nope", {}, 400, "invalid_parameter"),
    ("suggest without prefix", "GET", "/api/v1/suggest", {}, 400, "invalid_parameter"),
    ("bad JSON", "POST", "/api/v1/codes/lookup", {"data": "{codes:", "content_type": JSON}, 400, "invalid_json"),
    ("bad UTF-8", "POST", "/api/v1/codes/lookup", {"data": b"\xff\xfe{", "content_type": JSON}, 400, "invalid_json"),
    ("deep nesting", "POST", "/api/v1/codes/lookup", {"data": "[" * 60000, "content_type": JSON}, 400, "invalid_json"),
    ("unknown code", "GET", "/api/v1/codes/D0379", {}, 404, "unknown_code"),
    ("unknown route", "GET", "/api/v2/codes", {}, 404, "not_found"),
    ("unknown route at root", "GET", "/", {}, 404, "not_found"),
    ("DELETE a code", "DELETE", "/api/v1/codes/D0371", {}, 405, "method_not_allowed"),
    ("GET the lookup", "GET", "/api/v1/codes/lookup", {}, 405, "method_not_allowed"),  # POST only (issue 11, item 12)
    ("PUT a search", "PUT", "/api/v1/search", {}, 405, "method_not_allowed"),
    ("body over 64 KiB", "POST", "/api/v1/codes/lookup",
     {"data": json.dumps({"codes": ["D0371"] * 10000}), "content_type": JSON}, 413, "request_entity_too_large"),
    ("form body", "POST", "/api/v1/codes/lookup", {"data": {"codes": "D0371"}}, 415, "unsupported_media_type"),
    ("no body", "POST", "/api/v1/codes/lookup", {}, 415, "unsupported_media_type"),
    ("codes missing", "POST", "/api/v1/codes/lookup", {"json": {}}, 422, "invalid_body"),
    ("codes not a list", "POST", "/api/v1/codes/lookup", {"json": {"codes": "D0371"}}, 422, "invalid_body"),
    ("a code not a string", "POST", "/api/v1/codes/lookup", {"json": {"codes": [371]}}, 422, "invalid_body"),
    ("too many codes", "POST", "/api/v1/codes/lookup", {"json": {"codes": ["D0371"] * 501}}, 422, "invalid_body"),
    ("unknown key", "POST", "/api/v1/codes/lookup", {"json": {"codes": [], "page": "x"}}, 422, "invalid_body"),
    ("JSON null", "POST", "/api/v1/codes/lookup", {"data": "null", "content_type": JSON}, 422, "invalid_body"),
    ("JSON list", "POST", "/api/v1/codes/lookup", {"json": ["D0371"]}, 422, "invalid_body"),
]


@pytest.mark.parametrize("method, path, kwargs, status, error", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_shape(client, method, path, kwargs, status, error):
    assert_error(client.open(path, method=method, **kwargs), status, error)


def test_unknown_code_carries_suggestions(client):
    body = assert_error(client.get("/api/v1/codes/D0379"), 404)
    assert "D0371" in body["suggestions"]
    assert "D0371" in body["message"]


def test_method_not_allowed_says_what_is(client):
    resp = client.delete("/api/v1/codes/D0371")
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}


def test_schema_violation_names_the_field(client):
    body = assert_error(client.post("/api/v1/codes/lookup", json={"codes": ["D0371", 7]}), 422)
    assert body["fields"] == {"codes": {"1": ["Not a valid string."]}}


def test_bad_parameter_names_the_field(client):
    body = assert_error(client.get("/api/v1/suggest?prefix=d0&limit=101"), 400)
    assert list(body["fields"]) == ["limit"]


def test_body_limit_is_a_setting(make_app):
    small = make_app(MAX_CONTENT_LENGTH=100).test_client()
    body = assert_error(small.post("/api/v1/codes/lookup", json={"codes": ["D0371"] * 20}), 413)
    assert "100 bytes" in body["message"]
    assert small.post("/api/v1/codes/lookup", json={"codes": ["D0371"]}).status_code == 200


def test_500_leaks_nothing_and_logs_no_message(make_app, caplog):
    app = make_app()

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret-internal-detail patient=Jane")

    with caplog.at_level(logging.INFO, logger="cdt_server"):
        resp = app.test_client().get("/api/v1/boom")
    body = assert_error(resp, 500, "internal_error")
    assert "secret" not in json.dumps(body) and "RuntimeError" not in json.dumps(body)
    assert "RuntimeError" in caplog.text  # the log says what failed and where
    assert "secret-internal-detail" not in caplog.text and "Jane" not in caplog.text
