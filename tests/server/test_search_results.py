"""Search through the server answers exactly as cdt_data does: the same codes in the same order
for every query of the graded set, and the same autocomplete."""
import importlib.util
import pathlib

import pytest

import cdt_data

_spec = importlib.util.spec_from_file_location(
    "relevance_graded", pathlib.Path(__file__).resolve().parent.parent / "relevance_graded.py")
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)


def test_every_graded_query_gets_the_same_answer_through_the_server(client):
    different = []
    for query, _kind, _grades in R.GRADED:
        answer = client.get("/api/v1/search", query_string={"q": query, "limit": 20})
        assert answer.status_code == 200, query
        served = [h["code"] for h in answer.get_json()["hits"]]
        if served != [h.code for h in cdt_data.search(query, limit=20)]:
            different.append(query)
    assert not different


def test_quality_through_the_server_meets_the_bar(client):
    def served(query):
        return [h["code"] for h in client.get("/api/v1/search", query_string={"q": query, "limit": 10}).get_json()["hits"]]
    ndcg, hit, _rows = R.score(served)
    assert ndcg >= 0.90 and hit >= 0.90


@pytest.mark.parametrize("prefix", ["sial", "perio m", "D037", "pano", "deep cl", "x"])
def test_suggest_through_the_server(client, prefix):
    answer = client.get("/api/v1/suggest", query_string={"prefix": prefix})
    assert [h["code"] for h in answer.get_json()["hits"]] == [h.code for h in cdt_data.suggest(prefix)]


def test_category_through_the_server(client):
    answer = client.get("/api/v1/search", query_string={"q": "retainer", "category": "orthodontics", "limit": 5})
    assert [h["code"] for h in answer.get_json()["hits"]] == [h.code for h in cdt_data.search("retainer", 5, "Orthodontics")]
