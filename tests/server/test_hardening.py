"""Issue 11 through the app itself: lone surrogates, what the log may show, Host names,
strict settings, the unknown-code cache, and the document and the routes agreeing."""
import logging

import pytest

import cdt_data
from cdt_server import create_app

from .test_errors import assert_error

MARK = "Zebediah"


@pytest.fixture
def access_log(caplog):
    caplog.set_level(logging.INFO, logger="cdt_server")
    return caplog


# -- item 3: lone surrogates ------------------------------------------------------------------
SURROGATE_BODIES = [
    ("/api/v1/codes/lookup", '{"codes": ["\\ud800"]}'),
    ("/api/v1/codes/lookup", '{"codes": ["D0371", "Zebediah\\udfff"]}'),
    ("/api/v1/claims/check", '{"lines": [{"code": "D0120", "Zebediah\\ud800": 1}]}'),
    ("/api/v1/claims/check", '{"lines": [{"code": "D0120"}], "patient": {"Zebediah\\udc00": 3}}'),
    ("/api/v1/claims/check", '{"lines": [{"code": "D0120", "narrative": "Zebediah \\ud83d"}]}'),
    ("/api/v1/claims/check", '{"\\ud800Zebediah": []}'),
]


@pytest.mark.parametrize("path, body", SURROGATE_BODIES)
def test_lone_surrogates_are_bad_json_not_a_500(client, access_log, path, body):
    resp = client.post(path, data=body, content_type="application/json")
    err = assert_error(resp, 400, "invalid_json")
    assert "surrogate" in err["message"]
    resp.get_data().decode("utf-8")  # the answer itself is valid UTF-8
    assert MARK not in access_log.text and "Traceback" not in access_log.text
    assert not [r for r in access_log.records if r.levelno >= logging.ERROR]


def test_a_surrogate_pair_is_a_character_and_fine(client):
    resp = client.post("/api/v1/codes/lookup", data='{"codes": ["\\ud83d\\ude00"]}', content_type="application/json")
    assert resp.status_code == 200 and resp.get_json()["malformed"] == ["\U0001F600"]


# -- item 4: the log shows the route, never the raw path --------------------------------------
@pytest.mark.parametrize("path, logged", [
    ("/api/v1/codes/d0371", "GET /api/v1/codes/D0371 200"),
    ("/api/v1/codes/%200371%20", "GET /api/v1/codes/D0371 200"),
    ("/api/v1/codes/D0379", "GET /api/v1/codes/D0379 404"),
    ("/api/v1/codes/Zebediah", "GET /api/v1/codes/<code> 400"),
    ("/api/v1/codes/D0371%0A2026-01-01%20fake%20line", "GET /api/v1/codes/<code> 400"),
    ("/api/v1/codes/%1B[31mZebediah", "GET /api/v1/codes/<code> 400"),
    ("/Zebediah%0Aforged", "GET - 404"),
    ("/api/v1/Zebediah/D0371", "GET - 404"),
    ("/api/v1/search?q=Zebediah", "GET /api/v1/search 200"),
])
def test_the_access_log_names_the_route_not_the_path(client, access_log, path, logged):
    client.get(path)
    [record] = access_log.records
    assert record.getMessage().rsplit(" ", 1)[0] == logged
    assert MARK not in access_log.text and "\x1b" not in access_log.text and "\n" not in record.getMessage()


def test_an_unknown_method_is_logged_as_other(client, access_log):
    client.open("/api/v1/codes/D0371", method="ZEBEDIAH")
    assert access_log.records[0].getMessage().startswith("OTHER - 405 ")  # no route matched that method


# -- item 7: Host names ------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["localhost", "localhost:8765", "127.0.0.1", "127.0.0.1:8765", "[::1]:8765",
                                  "127.1.2.3", "LOCALHOST:8765"])
def test_loopback_hosts_are_answered(client, host):
    assert client.get("/api/v1/codes/D0371", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil.example",
                                  "10.0.0.5:8765", "[::1]x", "localhost:http", ""])
def test_other_hosts_are_refused_by_default(client, host):
    assert_error(client.get("/api/v1/codes/D0371", headers={"Host": host}), 400, "invalid_host")
    assert_error(client.post("/api/v1/codes/lookup", json={"codes": ["D0371"]}, headers={"Host": host}),
                 400, "invalid_host")


def test_allow_remote_answers_the_configured_names_and_addresses(make_app):
    client = make_app(HOST="0.0.0.0", ALLOW_REMOTE=True, ALLOWED_HOSTS="codes.practice.lan").test_client()
    for host in ("codes.practice.lan:8765", "CODES.practice.lan", "192.168.1.20:8765", "localhost"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    assert_error(client.get("/healthz", headers={"Host": "evil.example"}), 400, "invalid_host")


def test_the_listen_address_is_answered(make_app):
    client = make_app(HOST="192.168.1.20", ALLOW_REMOTE=True).test_client()
    assert client.get("/healthz", headers={"Host": "192.168.1.20:8765"}).status_code == 200


# -- item 5: strict settings -------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [("False", False), ("false", False), ("no", False), ("OFF", False),
                                             ("0", False), ("True", True), ("yes", True), ("on", True), ("1", True)])
def test_allow_remote_from_the_environment_is_read_strictly(monkeypatch, value, expected):
    monkeypatch.setenv("CDT_SERVER_ALLOW_REMOTE", value)
    assert create_app({"TESTING": True, "WARM_UP": False}).config["ALLOW_REMOTE"] is expected


@pytest.mark.parametrize("name, value", [("ALLOW_REMOTE", "maybe"), ("ALLOW_REMOTE", "2"), ("PORT", "http"),
                                         ("THREADS", "0"), ("MAX_CONTENT_LENGTH", "-5"),
                                         ("CONNECTION_LIMIT", "many"), ("ALLOWED_HOSTS", "evil example")])
def test_a_setting_of_the_wrong_kind_stops_the_app(monkeypatch, name, value):
    monkeypatch.setenv(f"CDT_SERVER_{name}", value)
    with pytest.raises(cdt_data.CdtDataError, match=name):
        create_app({"TESTING": True, "WARM_UP": False})


@pytest.mark.parametrize("value", ["False", "no", "off", "0"])
def test_allow_remote_false_keeps_the_loopback_guard(monkeypatch, capsys, value):
    from cdt_server.cli import main
    monkeypatch.setenv("CDT_SERVER_ALLOW_REMOTE", value)
    assert main(["--host", "0.0.0.0"]) == 2
    assert "refusing to listen on 0.0.0.0" in capsys.readouterr().err


def test_a_bad_boolean_stops_the_command(monkeypatch, capsys):
    from cdt_server.cli import main
    monkeypatch.setenv("CDT_SERVER_ALLOW_REMOTE", "maybe")
    assert main(["--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "ALLOW_REMOTE" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


# -- item 2: non-ASCII digits and the unknown-code cache ---------------------------------------
@pytest.mark.parametrize("code", ["D\u0660\u0663\u0667\u0661", "D\uff10\uff13\uff17\uff11"])
def test_non_ascii_digit_codes_are_malformed(client, code):
    assert_error(client.get("/api/v1/codes/" + code), 400, "invalid_code")
    body = client.post("/api/v1/codes/lookup", json={"codes": [code]}).get_json()
    assert body == {"found": [], "unknown": [], "malformed": [code]}


def test_the_unknown_code_cache_is_bounded_and_keyed_by_the_normal_spelling(make_app, monkeypatch):
    from cdt_server import dataset
    assert dataset.MAX_UNKNOWN >= 10_000 - len(cdt_data.codes(include_deleted=True))  # every unknown code fits
    monkeypatch.setattr(dataset, "MAX_UNKNOWN", 50)
    app = make_app()
    client = app.test_client()
    data = app.extensions["cdt"]
    known = {p.code for p in cdt_data.codes(include_deleted=True)}
    unknown = [f"D{n:04d}" for n in range(10000) if f"D{n:04d}" not in known][:200]
    client.post("/api/v1/codes/lookup", json={"codes": unknown + ["D\u0660\u0663\u0667\u0669", "x" * 60]})
    assert len(data._unknown) == 50 and set(data._unknown) == set(unknown[-50:])
    client.get("/api/v1/codes/D0379")
    assert "D0379" in data._unknown
    before = dict(data._unknown)
    body = client.get("/api/v1/codes/%20d0379").get_json()
    assert body["suggestions"] and data._unknown == before


# -- item 12: the routes and the document agree ------------------------------------------------
def test_options_of_the_lookup_advertises_post_only(client):
    resp = client.options("/api/v1/codes/lookup")
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) == {"POST", "OPTIONS"}
    resp = client.get("/api/v1/codes/lookup")
    assert_error(resp, 405, "method_not_allowed")


def test_the_document_lists_the_categories_and_the_code_pattern(client):
    import re
    spec = client.get("/api/v1/openapi.json").get_json()
    [param] = [p for p in spec["paths"]["/api/v1/codes"]["get"]["parameters"] if p["name"] == "category"]
    assert "Diagnostic" in param["schema"]["enum"] and "0" not in param["schema"]["enum"]
    [code] = spec["paths"]["/api/v1/codes/{code}"]["get"]["parameters"][:1]
    pattern = re.compile(code["schema"]["pattern"])
    for ok in ("D0371", "d0371", "0371", " D0371 "):
        assert pattern.search(ok) and client.get("/api/v1/codes/" + ok).status_code == 200
    for bad in ("0" * 63, "D03711", "D\u0660\u0663\u0667\u0661", "lookup"):
        assert not pattern.search(bad)


@pytest.mark.parametrize("query", ["category=0", "category=DIAGNOSTIC", "category=%20Diagnostic",
                                   "include_deleted=yes", "include_deleted=1"])
def test_what_the_document_refuses_the_server_refuses(client, query):
    assert_error(client.get("/api/v1/codes?" + query), 400, "invalid_parameter")


@pytest.mark.parametrize("date", ["0000-01-01", "2026-02-30", "20260304", "2026-3-4", "-2026-01-01"])
def test_dates_the_document_refuses_are_422(client, date):
    assert_error(client.post("/api/v1/claims/check", json={"lines": [{"code": "D0120", "date": date}]}), 422)


@pytest.mark.parametrize("date", ["0001-01-01", "1066-10-14", "9999-12-31"])
def test_far_past_and_future_dates_the_document_allows_are_checked(client, date):
    assert client.post("/api/v1/claims/check", json={"lines": [{"code": "D0120", "date": date}]}).status_code == 200


# -- item 9: the queue-depth summary -----------------------------------------------------------
def test_queue_depth_warnings_pass_once_a_minute_with_a_count():
    from cdt_server.log_setup import QueueDepthSummary
    now = [0.0]
    summary = QueueDepthSummary(every=60, clock=lambda: now[0])

    def record(depth):
        return logging.LogRecord("waitress.queue", logging.WARNING, __file__, 1, "Task queue depth is %d", (depth,), None)

    passed = []
    for i in range(1000):
        now[0] = i * 0.1   # 100 s of warnings, ten a second
        rec = record(i % 50)
        if summary.filter(rec):
            passed.append(rec.getMessage())
    assert len(passed) == 2
    assert passed[0] == "Task queue depth is 0"
    assert "599 more such warnings" in passed[1] and "deepest 49" in passed[1]


# -- per-client connection limit ---------------------------------------------------------------
def test_one_remote_address_cannot_hold_every_connection(monkeypatch):
    from cdt_server import serving

    made, refused = [], []

    class FakeChannel:
        def __init__(self, server, sock, addr, adj, map=None):
            made.append(addr)

        def close(self):
            pass

    monkeypatch.setattr(serving, "JsonErrorChannel", FakeChannel)
    monkeypatch.setattr(serving, "_refuse", lambda sock: refused.append(sock))
    limit = serving.PerClientLimit(3)
    channels = [limit(None, f"sock{i}", ("192.168.1.20", 5000 + i), None) for i in range(5)]
    assert len(made) == 3 and refused == ["sock3", "sock4"] and channels[3] is None
    assert limit(None, "other", ("192.168.1.21", 6000), None) is not None   # another workstation
    assert all(limit(None, "local", ("127.0.0.1", 7000 + i), None) for i in range(10))  # loopback exempt
    channels[0].close()
    channels[0].close()  # closing twice releases once
    assert limit(None, "again", ("192.168.1.20", 5100), None) is not None
    assert limit(None, "over", ("192.168.1.20", 5101), None) is None
