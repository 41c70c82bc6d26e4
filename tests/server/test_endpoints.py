"""Every endpoint answers the real data in the documented shape."""
import pytest

import cdt_data


def test_healthz_names_version_edition_and_records(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "version": cdt_data.__version__, "edition": cdt_data.EDITION,
                               "records": len(cdt_data.codes(include_deleted=True))}


@pytest.mark.parametrize("spelling", ["D0371", "d0371", "0371", "%20d0371%20"])
def test_one_code_in_any_spelling(client, spelling):
    resp = client.get(f"/api/v1/codes/{spelling}")
    assert resp.status_code == 200
    assert resp.mimetype == "application/json"
    assert resp.get_json() == cdt_data.get("D0371").to_dict(resolve=True)


def test_a_deleted_code_comes_back_marked_deleted(client):
    deleted = next(p for p in cdt_data.codes(include_deleted=True) if p.deleted)
    body = client.get(f"/api/v1/codes/{deleted.code}").get_json()
    assert body["status"] == "deleted" and body["edition"]["deleted"] == deleted.edition.deleted


@pytest.mark.parametrize("query, expected", [
    ("", lambda: cdt_data.codes()),
    ("?category=Diagnostic", lambda: cdt_data.codes("Diagnostic")),
    ("?category=periodontics", lambda: cdt_data.codes("periodontics")),
    ("?include_deleted=true", lambda: cdt_data.codes(include_deleted=True)),
])
def test_code_lists(client, query, expected):
    body = client.get(f"/api/v1/codes{query}").get_json()
    want = expected()
    assert body["count"] == len(want) == len(body["codes"])
    assert [c["code"] for c in body["codes"]] == [p.code for p in want]
    assert set(body["codes"][0]) == {"code", "title", "category", "subcategory", "status"}


def test_lookup_answers_found_unknown_and_malformed_in_one_body(client):
    resp = client.post("/api/v1/codes/lookup",
                       json={"codes": ["D0371", "d0371", "0310", "D0379", "D0379", "hello", "D12345", "hello"]})
    assert resp.status_code == 200
    body = resp.get_json()
    assert [r["code"] for r in body["found"]] == ["D0371", "D0310"]
    assert body["found"][0] == cdt_data.get("D0371").to_dict(resolve=True)
    assert body["unknown"] == [{"code": "D0379", "suggestions": list(_suggestions("D0379"))}]
    assert body["malformed"] == ["hello", "D12345"]


def _suggestions(code):
    try:
        cdt_data.get(code)
    except cdt_data.UnknownCodeError as exc:
        return exc.suggestions
    raise AssertionError(f"{code} exists")


def test_lookup_of_nothing_is_empty(client):
    assert client.post("/api/v1/codes/lookup", json={"codes": []}).get_json() == \
        {"found": [], "unknown": [], "malformed": []}


def test_lookup_takes_a_full_page_scan(client):
    codes = [p.code for p in cdt_data.codes()][:500]
    body = client.post("/api/v1/codes/lookup", json={"codes": codes}).get_json()
    assert len(body["found"]) == 500


@pytest.mark.parametrize("q, first", [("deep cleaning", "D4341"), ("D0371", "D0371"), ("0371", "D0371")])
def test_search_ranks_like_cdt_data(client, q, first):
    body = client.get("/api/v1/search", query_string={"q": q, "limit": 5}).get_json()
    assert body["hits"][0]["code"] == first
    assert body["hits"] == [h.to_dict() for h in cdt_data.search(q, limit=5)]


def test_search_in_one_category(client):
    body = client.get("/api/v1/search", query_string={"q": "cleaning", "category": "periodontics"}).get_json()
    assert body["hits"] and {h["category"] for h in body["hits"]} == {"Periodontics"}


def test_blank_search_is_empty(client):
    assert client.get("/api/v1/search?q=").get_json() == {"hits": []}


@pytest.mark.parametrize("prefix, limit", [("D03", 3), ("root pl", 5), ("pano", 10)])
def test_suggest(client, prefix, limit):
    body = client.get("/api/v1/suggest", query_string={"prefix": prefix, "limit": limit}).get_json()
    assert body["hits"] == [h.to_dict() for h in cdt_data.suggest(prefix, limit=limit)]
    assert 0 < len(body["hits"]) <= limit


def test_head_is_answered_without_a_body(client):
    resp = client.head("/api/v1/codes/D0371")
    assert resp.status_code == 200 and resp.get_data() == b""
