"""CORS on /api/* only, for the configured origins, no credentials, Private Network Access."""
import pytest

from cdt_server.settings import cors_origins

from .conftest import CHROME_ORIGIN, FIREFOX_ORIGIN

ACAO = "Access-Control-Allow-Origin"
PNA = "Access-Control-Allow-Private-Network"


@pytest.mark.parametrize("origin", [CHROME_ORIGIN, FIREFOX_ORIGIN, "chrome-extension://pppppppppppppppppppppppppppppppp"])
def test_an_extension_origin_is_allowed(client, origin):
    resp = client.get("/api/v1/codes/D0371", headers={"Origin": origin})
    assert resp.headers[ACAO] == origin
    assert "Origin" in resp.headers.get("Vary", "")
    assert "ETag" in resp.headers.get("Access-Control-Expose-Headers", "")
    assert "Access-Control-Allow-Credentials" not in resp.headers


@pytest.mark.parametrize("origin", [
    "https://evil.example",
    "http://127.0.0.1:8765",
    "null",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnopX",  # one letter too many
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop.evil.example",
    "chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",  # not an extension id alphabet
    "moz-extension://not-a-uuid",
])
def test_any_other_origin_is_refused(client, origin):
    resp = client.get("/api/v1/codes/D0371", headers={"Origin": origin})
    assert resp.status_code == 200  # the browser, not the server, withholds the answer
    assert ACAO not in resp.headers
    pre = client.options("/api/v1/codes/lookup", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type", "Access-Control-Request-Private-Network": "true"})
    assert ACAO not in pre.headers and PNA not in pre.headers


def test_cors_is_not_on_healthz(client):
    assert ACAO not in client.get("/healthz", headers={"Origin": CHROME_ORIGIN}).headers


def test_preflight_with_private_network_access(client):
    resp = client.options("/api/v1/codes/lookup", headers={
        "Origin": CHROME_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
        "Access-Control-Request-Private-Network": "true",
    })
    assert resp.status_code == 200
    assert resp.headers[ACAO] == CHROME_ORIGIN
    assert resp.headers[PNA] == "true"
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert resp.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    assert "Access-Control-Allow-Credentials" not in resp.headers


def test_errors_carry_cors_headers_too(client):
    resp = client.get("/api/v1/codes/D0379", headers={"Origin": CHROME_ORIGIN})
    assert resp.status_code == 404 and resp.headers[ACAO] == CHROME_ORIGIN


def test_origins_come_from_settings(make_app):
    client = make_app(CORS_ORIGINS=["https://portal.example"]).test_client()
    ok = client.get("/api/v1/codes/D0371", headers={"Origin": "https://portal.example"})
    assert ok.headers[ACAO] == "https://portal.example"
    assert ACAO not in client.get("/api/v1/codes/D0371", headers={"Origin": CHROME_ORIGIN}).headers


def test_origins_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("CDT_SERVER_CORS_ORIGINS", "https://a.example, https://b.example")
    client = make_app().test_client()
    for origin in ("https://a.example", "https://b.example"):
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/codes/D0371", headers={"Origin": origin}).headers[ACAO] == origin


@pytest.mark.parametrize("bad", ["*", [".*"], 5, ["ok", 3], "(unclosed"])
def test_a_wildcard_or_broken_origin_setting_is_refused(bad):
    with pytest.raises(ValueError, match="CORS_ORIGINS"):
        cors_origins(bad)


def test_regex_origins_are_anchored():
    assert cors_origins(["^https://[a-z]+\\.example"]) == ["^https://[a-z]+\\.example$"]
    assert cors_origins("https://x.example") == ["https://x.example"]
