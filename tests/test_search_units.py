"""The search engine's small parts, one by one: tooth numbers, surfaces, words, typos, the input
checks, autocomplete and code prefixes (written where mutation testing found them unpinned)."""
import json
from importlib.resources import files

import pytest

import cdt_data
from cdt_data import InvalidQueryError, fulltext
from cdt_data.fulltext import (Hit, check_query, code_prefix, codes_named, one_edit, raw_words,
                               read_query, tooth_kind)

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
    assert read_query("tooth 40 crown")[1] == ["tooth", "40", "crown"]  # no tooth: the words stay as typed
    assert read_query("x " * 40)[1] == [] and len(read_query("crown " * 40)[1]) == fulltext.MAX_WORDS


def test_raw_words_keep_the_typed_form():
    assert raw_words("Perio M, X-rays & I&D e.max 3/4") == ["perio", "m", "x-rays", "i&d", "e.max", "3/4"]


@pytest.mark.parametrize("a, b, close", [
    ("pulpotmy", "pulpotomy", True), ("pulpotomyy", "pulpotomy", True), ("pulpotoym", "pulpotomy", True),
    ("pulpotamy", "pulpotomy", True), ("pulpotomy", "pulpotomy", False), ("pulptmy", "pulpotomy", False),
    ("abcd", "badc", False), ("ab", "ba", True), ("abc", "abcde", False), ("abcx", "abyc", False),
    ("abcd", "xabce", False),
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


def test_normalize_filter_is_there_when_asked_for_first(monkeypatch):
    """Unpickling a Whoosh schema looks NormalizeFilter up by name, before anything made ANALYZER."""
    for name in ("ANALYZER", "NormalizeFilter"):
        monkeypatch.delitem(vars(fulltext), name, raising=False)
    assert fulltext.NormalizeFilter.__qualname__ == "NormalizeFilter"


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


@pytest.mark.parametrize("query, named", [(7, "int 7"), (b"crown", "bytes b'crown'"), (["crown"], "list ['crown']")])
def test_a_query_that_is_not_text_is_named_with_its_type(query, named):
    with pytest.raises(InvalidQueryError) as raised:
        check_query(query, 10)
    assert str(raised.value) == f"A search query is text, not {named}."


def test_the_prefix_check_says_prefix():
    with pytest.raises(InvalidQueryError, match="A prefix is text"):
        cdt_data.suggest(7)


@pytest.mark.parametrize("text, prefix", [("D03", "D03"), ("d037", "D037"), ("037", "D037"), (" 0 ", "D0"),
                                          ("D0371", "D0371"), ("D03711", None), ("crown", None), ("D", None),
                                          ("D 037", None)])
def test_code_prefix(text, prefix):
    assert code_prefix(text) == prefix


def test_a_bare_four_digit_query_names_its_code():
    index = cdt_data._search_index()
    doc = index.doc_of
    assert codes_named("0371", doc) == [doc["D0371"]] and codes_named(" 0371 ", doc) == [doc["D0371"]]
    assert [h.code for h in index.search("0371", limit=1)] == ["D0371"]
    # three or five digits, or digits beside other words, are words, not a code
    assert codes_named("371", doc) == [] and codes_named("03711", doc) == [] and codes_named("0371 crown", doc) == []
    assert codes_named("D0310 0371", doc) == [doc["D0310"]]  # a code typed as a code: the digits are a word


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


def test_default_limits_are_ten():
    index = cdt_data._search_index()
    assert len(index.search("crown")) == 10 and len(index.suggest("c")) == 10


def test_search_hits_carry_the_records_title_and_category():
    for hit in cdt_data.search("crown", limit=5) + cdt_data.search("D0371 sialoendoscopy", limit=2):
        record = cdt_data.get(hit.code)
        assert (hit.title, hit.category) == (record.title, record.category)


def test_a_code_typed_and_found_by_its_words_is_listed_once():
    hits = [h.code for h in cdt_data.search("D4341 deep cleaning", limit=20)]
    assert hits[0] == "D4341" and len(hits) == len(set(hits)) == 20


def test_an_unknown_or_repeated_code_names_nothing_more():
    index = cdt_data._search_index()
    assert codes_named("D0000 D0371 d0371", index.doc_of) == [index.doc_of["D0371"]]
    assert [h.code for h in index.search("D0000 D0371", limit=1)] == ["D0371"]
    assert index.search("D0000", limit=3) == []


def test_a_word_of_three_letters_is_never_read_as_a_typo():
    """Short words are abbreviations: "fil" is one edit from fill, foil and file, and means none."""
    assert cdt_data.search("fil") == []


def test_close_words_include_words_the_typed_one_begins():
    index = cdt_data._search_index()
    assert {"maintain", "mainten"} <= index.close_words("maint")  # maintainer, maintenance
    assert {"sialoendoscopi", "sialographi", "sialolith"} <= index.close_words("sial")


# -- the ranking rule, on a hand-made index ---------------------------------------------------
def tiny_index(postings, *, exact=None, families=None, tiers=None, names=None):
    """Five records D0001..D0005 (tier 3, prior 1.0, unless told), with the given word scores."""
    codes = [f"D000{i}" for i in range(1, 6)]
    return fulltext.SearchIndex({
        "codes": codes, "titles": [f"Record {c}" for c in codes], "categories": ["Diagnostic"] * 5,
        "deleted": [0] * 5, "tiers": tiers or [3] * 5, "kinds": [[]] * 5,
        "postings": {w: (list(s), list(s.values())) for w, s in postings.items()},
        "exact": exact or {}, "families": families or {}, "names": names or {},
        "vocabulary": {w: w for w in postings}})


def scored(hits):
    return [(h.code, round(h.score, 6)) for h in hits]


def test_each_group_scores_above_the_next_by_the_best_text_score():
    """A code typed scores its text score plus 3x the best text hit's, a member of the family named
    2x, a record titled exactly the query 1x; the rest their text score times the prior."""
    index = tiny_index({"crown": {0: 1.0, 1: 2.0, 2: 3.0, 3: 4.0}}, families={"crown": [1]},
                       exact={"crown": [2]}, tiers=[3, 3, 3, 1, 3])  # D0004 billed daily: 4.0 x 1.6
    assert scored(index.search("crown")) == [("D0002", 14.8), ("D0003", 9.4), ("D0004", 6.4), ("D0001", 1.0)]
    # the code, then the family its words name, then the exact title, then the rest
    assert scored(index.search("D0001 crown")) == [("D0001", 20.2), ("D0002", 14.8), ("D0003", 9.4), ("D0004", 6.4)]
    assert scored(index.search("D0005")) == [("D0005", 3.0)]  # no text hit: the bonus counts 1.0


def test_exact_titles_follow_their_text_score_times_the_prior():
    index = tiny_index({"crown": {0: 1.0, 1: 3.0, 2: 2.0}}, exact={"crown": [0, 1, 2]}, tiers=[3, 4, 3, 3, 3])
    assert [h.code for h in index.search("crown")] == ["D0003", "D0002", "D0001"]  # 2.0, 3.0 x 0.6, 1.0


def test_a_family_inside_a_longer_query_lifts_its_codes_by_the_share_it_covers():
    words = {"gold": {0: 3.0, 1: 3.3}, "crown": {0: 3.0, 1: 3.3}, "post": {0: 3.0, 1: 3.3}}
    index = tiny_index(words, families={"crown post": [0]})
    # "crown post" is two of three words: x (1 + 0.5 x 2/3), so 9.0 -> 12.0 passes 9.9
    assert scored(index.search("gold crown post")) == [("D0001", 12.0), ("D0002", 9.9)]
    index = tiny_index({"gold": {0: 2.0, 1: 2.2}, "crown": {0: 2.0, 1: 2.2}}, families={"crown": [0]})
    assert scored(index.search("gold crown")) == [("D0001", 5.0), ("D0002", 4.4)]  # one of two: x 1.25


def test_a_family_named_by_the_whole_query_lifts_nothing_else():
    index = tiny_index({"gold": {0: 2.0, 1: 2.2}, "crown": {0: 2.0, 1: 2.2}},
                       families={"crown gold": [4], "gold": [0]})
    assert [h.code for h in index.search("crown gold")] == ["D0005", "D0002", "D0001"]


def test_a_word_and_its_alternative_each_count_at_their_weight():
    index = tiny_index({"cap": {0: 0.5}, "crown": {0: 0.5, 1: 0.9}})
    # "cap" is searched as itself and as "crown" at 0.6: D0002 0.54, D0001 max(0.5, 0.3)
    assert scored(index.search("cap")) == [("D0002", 0.54), ("D0001", 0.5)]
    assert scored(index.search("crwn")) == [("D0002", 0.72), ("D0001", 0.4)]  # a typo of crown: 0.8


def test_autocomplete_counts_each_word_begun_once_and_adds_the_whole_words_score():
    # D0003 holds "crown" in its summary only: no title or keyword word begins with "crow"
    index = tiny_index({"crown": {0: 2.0, 1: 1.0, 2: 0.5}}, names={"crown": [0, 1], "crowns": [0], "gold": [1]})
    assert scored(index.suggest("crow")) == [("D0001", 2.0), ("D0002", 1.0)]
    assert scored(index.suggest("crown")) == [("D0001", 4.0), ("D0002", 2.0), ("D0003", 0.5)]
    assert scored(index.suggest("crwn g")) == [("D0002", 1.8)]  # an earlier typo counts as in a search


def test_answers_are_kept_and_the_least_recently_used_dropped_first(monkeypatch):
    index = tiny_index({"crown": {0: 1.0}, "gold": {1: 1.0}, "post": {2: 1.0}})
    worked_out = []
    real = index._search
    monkeypatch.setattr(index, "_search", lambda raw, *rest: worked_out.append(raw) or real(raw, *rest))
    monkeypatch.setattr(fulltext, "CACHE_SIZE", 2)
    answers = [index.search(q) for q in ("crown", "gold", "crown", "post", "crown", "gold")]
    assert worked_out == [["crown"], ["gold"], ["post"], ["gold"]]
    assert [[h.code for h in a] for a in answers] == [["D0001"], ["D0002"], ["D0001"], ["D0003"], ["D0001"], ["D0002"]]


@pytest.mark.parametrize("query, code, words", [("D4341 deep cleaning", "D4341", "deep cleaning"),
                                                ("deep cleaning d4341", "D4341", "deep cleaning"),
                                                ("D0371 crown", "D0371", "crown")])
def test_a_code_typed_beside_words_comes_first_and_the_words_search_as_if_alone(query, code, words):
    """The family "deep cleaning" (D4341, D4342, D4355, D4346) used to be lost when a code was
    typed beside it: the code counted as one of the words, so no family phrase matched."""
    alone = [h.code for h in cdt_data.search(words, limit=9)]
    assert [h.code for h in cdt_data.search(query, limit=9)] == [code] + [c for c in alone if c != code][:8]


def test_codes_alone_still_search_by_their_words():
    assert [h.code for h in cdt_data.search("D4341", limit=3)][:2] == ["D4341", "D4342"]
