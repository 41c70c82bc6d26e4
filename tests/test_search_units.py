"""The search engine's small parts, one by one: tooth numbers, surfaces, words, typos, the input
checks, autocomplete and code prefixes (written where mutation testing found them unpinned)."""
import json
from importlib.resources import files

import pytest

import cdt_data
from cdt_data import InvalidQueryError, fulltext
from cdt_data.fulltext import (Hit, check_query, code_prefix, one_edit, raw_words, read_query,
                               tooth_kind)

MOLARS = {1, 2, 3, 14, 15, 16, 17, 18, 19, 30, 31, 32}
PREMOLARS = {4, 5, 12, 13, 20, 21, 28, 29}


@pytest.mark.parametrize("n", range(1, 33))
def test_every_permanent_tooth_has_its_kind(n):
    expected = "molar" if n in MOLARS else "premolar" if n in PREMOLARS else "anterior"
    assert tooth_kind(str(n)) == expected


@pytest.mark.parametrize("letter", "ABCDEFGHIJKLMNOPQRST")
def test_every_primary_tooth_has_its_kind(letter):
    molar = letter in "ABIJKLST"
    assert tooth_kind(letter) == ("primary molar" if molar else "primary anterior")


@pytest.mark.parametrize("tooth", ["0", "33", "99"])
def test_numbers_that_are_no_tooth(tooth):
    assert tooth_kind(tooth) is None


def test_read_query_turns_teeth_and_surfaces_into_words():
    raw, words, implied = read_query("Root canal #19")
    assert raw == ["root", "canal"] and words == ["root", "canal"] and implied == ["molar"]
    assert read_query("crown on tooth 8")[2] == ["anterior"]
    assert read_query("tooth #K pulpotomy")[2] == ["primari", "molar"]
    assert read_query("#40 crown")[1] == ["40", "crown"] and read_query("#40 crown")[2] == []
    assert read_query("MOD composite")[2] == ["three", "surfac"]
    assert read_query("MO amalgam")[2] == ["two", "surfac"]
    assert read_query("MODBL composite")[2] == ["four", "surfac"]
    assert read_query("MODB resin")[2] == ["four", "surfac"]
    assert read_query("FMD")[2] == []  # no filling word: an abbreviation, not surfaces
    assert read_query("MOOD composite")[2] == []  # a letter twice: not a surface string
    assert read_query("molar #19")[2] == []  # already a word of the query
    assert read_query("x " * 40)[1] == [] and len(read_query("crown " * 40)[1]) == fulltext.MAX_WORDS


def test_raw_words_keep_the_typed_form():
    assert raw_words("Perio M, X-rays & I&D e.max 3/4") == ["perio", "m", "x-rays", "i&d", "e.max", "3/4"]


@pytest.mark.parametrize("a, b, close", [
    ("pulpotmy", "pulpotomy", True), ("pulpotomyy", "pulpotomy", True), ("pulpotoym", "pulpotomy", True),
    ("pulpotamy", "pulpotomy", True), ("pulpotomy", "pulpotomy", False), ("pulptmy", "pulpotomy", False),
    ("abcd", "badc", False), ("ab", "ba", True), ("abc", "abcde", False), ("abcx", "abyc", False),
])
def test_one_edit(a, b, close):
    assert one_edit(a, b) is close and one_edit(b, a) is close


def test_words_file_is_read_whole():
    data = json.loads(files("cdt_data").joinpath("search_data", "words.json").read_text(encoding="utf-8"))
    same, alternatives = fulltext._load_words()
    assert same == {k: v[0] for k, v in data["same_word"].items()}
    assert alternatives == {k: tuple(w for w, _ in v) for k, v in data["alternatives"].items()}
    assert same["x-ray"] == "xray" and alternatives["cap"] == ("crown",)
    assert all(len(v) == 2 and v[1] for v in data["same_word"].values())  # every entry says why
    assert all(why for v in data["alternatives"].values() for _w, why in v)


def test_analyzer_is_there_on_demand_and_nothing_else_is():
    assert [t.text for t in fulltext.ANALYZER("Deep cleanings")] == ["deep", "clean"]
    assert fulltext.NormalizeFilter.__qualname__ == "NormalizeFilter"
    with pytest.raises(AttributeError, match="no attribute 'NOPE'"):
        fulltext.NOPE  # noqa: B018


# -- input checks ---------------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [1, 100])
def test_limits_at_the_edges_are_accepted(limit):
    assert check_query("crown", limit) == "crown"


@pytest.mark.parametrize("query, limit, message", [
    (None, 10, "A search query is text, not NoneType"),
    ("x" * 501, 10, "at most 500 characters; this one has 501"),
    ("crown", 0, "limit is a whole number from 1 to 100, not 0"),
    ("crown", 101, "limit is a whole number from 1 to 100, not 101"),
    ("crown", True, "not True"), ("crown", 2.0, "not 2.0"),
])
def test_bad_input_is_named_in_the_message(query, limit, message):
    with pytest.raises(InvalidQueryError, match=message.replace("(", r"\(")):
        check_query(query, limit)
    assert check_query("x" * 500, 10)


def test_the_prefix_check_says_prefix():
    with pytest.raises(InvalidQueryError, match="A prefix is text"):
        cdt_data.suggest(7)


@pytest.mark.parametrize("text, prefix", [("D03", "D03"), ("d037", "D037"), ("037", "D037"), (" 0 ", "D0"),
                                          ("D0371", "D0371"), ("D03711", None), ("crown", None), ("D", None),
                                          ("D 037", None)])
def test_code_prefix(text, prefix):
    assert code_prefix(text) == prefix


def test_hit_as_a_dict():
    assert Hit("D0120", "t", 1.234567, "Diagnostic").to_dict() == {
        "code": "D0120", "title": "t", "score": 1.2346, "category": "Diagnostic"}


# -- code prefixes and autocomplete ---------------------------------------------------------
def test_code_hits_follow_code_order_limit_and_category():
    index = cdt_data._search_index()
    assert [h.code for h in index.code_hits("D037", 2)] == ["D0370", "D0371"]
    assert [h.code for h in index.code_hits("D037", 100)] == ["D0370", "D0371", "D0372", "D0373", "D0374"]
    assert index.code_hits("D9248", 5) == []  # deleted
    assert [h.code for h in index.code_hits("D92", 100)][:1] == ["D9210"]
    assert index.code_hits("D2", 3, "Diagnostic") == []
    assert [h.code for h in index.code_hits("D", 2, "Preventive")] == ["D1110", "D1120"]
    hit = index.code_hits("D0371", 1)[0]
    assert (hit.title, hit.category, hit.score) == (cdt_data.get("D0371").title, "Diagnostic", 1.0)
    assert cdt_data.search("D03", limit=2, category="Diagnostic") == index.code_hits("D03", 2, "Diagnostic")


def test_suggest_ranks_scores_and_limits():
    hits = cdt_data.suggest("perio m", limit=3)
    assert len(hits) == 3 and hits[0].code == "D4910"
    assert hits[0].score > hits[1].score > 0 and hits[0].title == cdt_data.get("D4910").title
    assert hits[0].category == "Periodontics"
    assert [h.code for h in cdt_data.suggest("sialoendoscopy", limit=1)] == ["D0371"]  # a whole word
    assert [h.code for h in cdt_data.suggest("deep clean", limit=2)] == ["D4341", "D4342"]
    assert cdt_data.suggest("zzzz") == [] and cdt_data.suggest("crown zzzz") == []
    assert cdt_data.suggest("the") == [] or all(h.code.startswith("D") for h in cdt_data.suggest("the"))
    assert len(cdt_data.suggest("c", limit=100)) == 100
    many = cdt_data.suggest("crown", limit=100)
    assert [h.score for h in many] == sorted((h.score for h in many), reverse=True)
    ties = [(h.score, h.code) for h in many]
    assert all(not (a[0] == b[0] and a[1] > b[1]) for a, b in zip(ties, ties[1:]))  # equal scores: code order


def test_suggest_ignores_stop_words_already_typed():
    assert [h.code for h in cdt_data.suggest("the perio m")][:1] == ["D4910"]


def test_a_search_with_nothing_to_find_is_empty():
    assert cdt_data.search("zzzzqqq") == [] and cdt_data.search("zzzzqqq xxxyyy") == []
