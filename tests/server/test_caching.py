"""Code records carry an ETag and Cache-Control; a matching If-None-Match gets 304."""
import pytest


def test_record_has_etag_and_cache_control(client):
    resp = client.get("/api/v1/codes/D0371")
    assert resp.headers["ETag"].startswith('"') and len(resp.headers["ETag"]) > 10
    assert "max-age=3600" in resp.headers["Cache-Control"] and "public" in resp.headers["Cache-Control"]


@pytest.mark.parametrize("spelling, sent", [
    ("D0371", "{etag}"), ("d0371", "{etag}"), ("0371", "{etag}"),
    ("D0371", 'W/{etag}'), ("D0371", '"other", {etag}'), ("D0371", "*"),
])
def test_matching_if_none_match_gets_304_without_a_body(client, spelling, sent):
    etag = client.get("/api/v1/codes/D0371").headers["ETag"]
    resp = client.get(f"/api/v1/codes/{spelling}", headers={"If-None-Match": sent.format(etag=etag)})
    assert resp.status_code == 304
    assert resp.get_data() == b""
    assert resp.headers["ETag"] == etag


@pytest.mark.parametrize("sent", ['"stale"', 'W/"nope"', ""])
def test_other_etags_get_the_record(client, sent):
    resp = client.get("/api/v1/codes/D0371", headers={"If-None-Match": sent})
    assert resp.status_code == 200 and resp.get_json()["code"] == "D0371"


def test_each_record_has_its_own_etag(client):
    a = client.get("/api/v1/codes/D0371").headers["ETag"]
    b = client.get("/api/v1/codes/D0310").headers["ETag"]
    assert a != b
    assert client.get("/api/v1/codes/D0310", headers={"If-None-Match": a}).status_code == 200


def test_etag_is_stable_across_apps(client, make_app):
    other = make_app().test_client()
    assert other.get("/api/v1/codes/D0371").headers["ETag"] == client.get("/api/v1/codes/D0371").headers["ETag"]


def test_max_age_is_a_setting(make_app):
    resp = make_app(RECORD_MAX_AGE=60).test_client().get("/api/v1/codes/D0371")
    assert "max-age=60" in resp.headers["Cache-Control"]
