"""Search quality on the graded relevance set (tests/relevance_graded.py): nDCG@5 and hit@1 over
247 queries, rank 1 where the answer is one code, each sense in the top five, what must not rank,
typos of every kind, the category filter against the answer cache, and the server path."""
import concurrent.futures
import importlib.util
import pathlib

import pytest

import cdt_data
from cdt_data.fulltext import SearchIndex, codes_named
from cdt_data.search_build import build_table

_spec = importlib.util.spec_from_file_location("relevance_graded", pathlib.Path(__file__).with_name("relevance_graded.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)


def top(query, n=10, **kw):
    return [h.code for h in cdt_data.search(query, limit=n, **kw)]


def test_graded_set_is_large_and_names_only_active_codes():
    assert len(R.GRADED) >= 150
    active = {p.code for p in cdt_data.codes()}
    for query, kind, grades in R.GRADED:
        assert set(grades) <= active, query
        assert set(grades.values()) <= {1, 2, 3} and 3 in grades.values(), query
    kinds = {kind for _q, kind, _g in R.GRADED}
    assert {"lay", "patient", "clinical", "abbrev", "typo", "material", "tooth", "family", "sense",
            "paraphrase", "code"} <= kinds


def test_ndcg_and_hit_at_one_on_the_graded_set():
    ndcg, hit, rows = R.score(lambda q: top(q))
    misses = [(q, round(n, 2), r) for q, n, h, r in rows if n < 0.5]
    assert ndcg >= 0.90, (ndcg, misses)
    assert hit >= 0.90, (hit, misses)


def test_the_metrics_themselves():
    grades = {"A": 3, "B": 2, "C": 1}
    assert R.ndcg(["A", "B", "C"], grades) == pytest.approx(1.0)
    assert R.ndcg(["X", "Y"], grades) == 0.0
    assert 0 < R.ndcg(["C", "B", "A"], grades) < R.ndcg(["A", "C", "B"], grades) < 1
    assert R.hit1(["A"], grades) and not R.hit1(["B", "A"], grades) and not R.hit1([], grades)


# -- issue 14's queries, pinned one by one -------------------------------------------------------
def test_deep_cleaning_returns_the_whole_family_srp_first():
    hits = top("deep cleaning", 5)
    assert set(hits[:2]) == {"D4341", "D4342"}
    assert set(hits) == {"D4341", "D4342", "D4355", "D4346", "D4910"}


def test_crown_puts_the_everyday_crowns_first_and_recement_or_repair_later():
    hits = top("crown", 10)
    assert hits[0] == "D2740" and {"D2750", "D2751", "D2752"} <= set(hits[:5])
    assert "D2920" not in hits[:5] and "D2980" not in hits[:5]


def test_x_ray_starts_with_the_images_billed_daily():
    hits = top("x-ray", 5)
    assert set(hits[:4]) == {"D0220", "D0274", "D0210", "D0330"}
    assert "D0340" not in hits


@pytest.mark.parametrize("query", ["radiograph", "radiographs", "xray", "X-rays", "films"])
def test_every_spelling_of_x_ray_is_one_word(query):
    assert top(query, 4) == top("x-ray", 4)


def test_periapical_radiograph_is_the_periapical():
    assert top("periapical radiograph", 1) == ["D0220"]


def test_retainer_shows_both_senses_orthodontic_first():
    hits = top("retainer", 5)
    assert hits[0] == "D8680" and "D6750" in hits
    assert {"D8703", "D8704"} <= set(hits)


def test_gum_maintenance_and_desensitizing_medicament():
    assert top("gum maintenance after deep cleaning", 1) == ["D4910"]
    assert top("desensitizing medicament", 1) == ["D9910"]


@pytest.mark.parametrize("query", ["bite wing", "bite wings", "4 bite wings", "bite wing xrays"])
def test_bitewings_typed_as_two_words_list_the_bitewing_codes(query):
    """'bite wing' listed Maryland-bridge wings (D6548, D6545) first: the two words each matched
    other records, and only the one-word spelling named the bitewing family."""
    assert top(query, 5) == top("bitewings", 5) and top(query, 1) == ["D0274"]


# -- each sense's best code in the top five ------------------------------------------------------
@pytest.mark.parametrize("query, senses", [
    ("retainer", ["D8680", "D6750"]),
    ("cleaning", ["D1110", "D1120", "D4910", "D4346"]),
    ("denture", ["D5110", "D5213", "D5130"]),
    ("implant", ["D6010", "D6058", "D6057"]),
    ("bridge", ["D6750", "D6240", "D6545", "D6930"]),
    ("sedation", ["D9239", "D9230", "D9245", "D9222"]),
    ("anesthesia", ["D9215", "D9222"]),
    ("emergency", ["D0140", "D9110", "D9440", "D3221"]),
    ("repair", ["D2980", "D5512", "D5630", "D6980", "D9942"]),
    ("recement", ["D2920", "D6092", "D6930", "D2910", "D2915"]),
    ("filling", ["D2391", "D2140", "D2940"]),
    ("extraction", ["D7140", "D7220", "D7250"]),
    ("bone graft", ["D7953", "D6104", "D4263", "D7950"]),
])
def test_each_sense_of_an_ambiguous_word_is_in_the_top_five(query, senses):
    assert set(senses) <= set(top(query, 5))


# -- rank 1 where the answer is one code ---------------------------------------------------------
# Queries of the set whose answer is a single code and that search does not yet put first: kept
# visible as strict xfails, so that a fix shows up (and a new miss fails the test below).
KNOWN_MISSES = {
    "full denture upper", "extraction #32 bony", "wisdom tooth bony impaction", "SRP quadrant",
    "guided tissue regeneration resorbable", "picture of the whole mouth",
    "remove braces",
}
SINGLE = [(q, next(c for c, g in grades.items() if g == 3)) for q, _k, grades in R.GRADED
          if list(grades.values()).count(3) == 1]


@pytest.mark.parametrize("query, code", [
    pytest.param(q, c, marks=pytest.mark.xfail(strict=True, reason="known miss")) if q in KNOWN_MISSES else (q, c)
    for q, c in SINGLE], ids=[q for q, _c in SINGLE])
def test_the_one_code_meant_comes_first(query, code):
    assert top(query, 1) == [code]


def test_rank_one_pins_cover_most_of_the_set():
    assert len(SINGLE) >= 100 and len(KNOWN_MISSES) <= len(SINGLE) // 10


# -- what must not rank --------------------------------------------------------------------------
@pytest.mark.parametrize("query, never, within", [
    ("crown", "D2920", 5), ("crown", "D2980", 5), ("x-ray", "D0340", 8), ("deep cleaning", "D6049", 5),
    ("retainer", "D6710", 5), ("cleaning", "D6080", 5), ("GA", "D9230", 1), ("FMD", "D2393", 10),
    ("root canal on tooth 8", "D3330", 1), ("root canal #19", "D3310", 1), ("implant crown", "D2740", 3),
    ("pano", "D0701", 1), ("sealant", "D1353", 1), ("perio exam", "D4910", 1), ("child cleaning", "D1110", 1),
    ("simple extraction", "D7210", 1), ("limited exam", "D0150", 1), ("PFM crown", "D6750", 3),
])
def test_must_not_rank(query, never, within):
    assert never not in top(query, within)


# -- typos of every kind ---------------------------------------------------------------------------
@pytest.mark.parametrize("query, code", [
    ("pulpotmy", "D3220"),  # deletion
    ("pulpotommy", "D3220"),  # insertion
    ("pulpotoym", "D3220"),  # transposition
    ("pulpotamy", "D3220"),  # substitution
    ("sialoendoscpy", "D0371"), ("sialoendsocopy", "D0371"), ("sialoendoscopyy", "D0371"), ("sialoendoskopy", "D0371"),
    ("flouride varnish", "D1206"), ("sealent", "D1351"), ("extractionn simple", "D7140"), ("perio maint", "D4910"),
])
def test_typos_of_every_kind_find_the_code(query, code):
    assert top(query, 1) == [code]


@pytest.mark.parametrize("typo, meant", [("deep claning", "deep cleaning"), ("deep clan", "deep clean"),
                                         ("teth cleaning", "teeth cleaning"), ("peio cleaning", "perio cleaning")])
def test_a_typo_one_edit_from_two_words_reads_as_the_more_used_one(typo, meant):
    """"claning" is one edit from "cleaning" and "planing", "clan" from "clean" and "plan": the word
    more records use wins, so the typo still names the family."""
    assert top(typo, 5) == top(meant, 5)


# -- words that say nothing beside a family's name -----------------------------------------------
@pytest.mark.parametrize("query, family", [
    ("crown code", "crown"), ("cdt bridge", "bridge"), ("extraction code", "extraction"), ("dental filling", "filling"),
    ("code for SRP", "SRP"), ("deep cleaning code", "deep cleaning")])
def test_generic_words_beside_a_family_name_still_name_the_family(query, family):
    """"crown code", "cdt bridge": the family first, in its own order, as for the bare name."""
    members = top(family, 5)
    assert top(query, 5)[:len(members)] == members


# -- codes typed -------------------------------------------------------------------------------
def test_a_near_miss_code_token_is_not_a_code():
    index = cdt_data._search_index()
    assert codes_named("D03711", index.doc_of) == [] and codes_named("xD0371", index.doc_of) == []
    assert codes_named("D0371,D0310", index.doc_of) == [index.doc_of["D0371"], index.doc_of["D0310"]]
    assert top("D03711 crown", 1) != ["D0371"]


def test_a_query_of_exactly_the_maximum_length_is_searched():
    query = ("deep cleaning " * 40)[:500]
    assert len(query) == 500 and top(query, 1) == ["D4341"]
    with pytest.raises(cdt_data.InvalidQueryError):
        cdt_data.search(query + "x")


# -- the category filter and the answer cache -------------------------------------------------
def test_the_same_words_with_and_without_a_category_are_answered_apart():
    index = cdt_data._search_index()
    index.clear_cache()
    fixed = top("retainer", 5, category="prosthodontics-fixed")
    anywhere = top("retainer", 5)
    ortho = top("retainer", 5, category="Orthodontics")
    assert all(cdt_data.get(c).category == "Prosthodontics, fixed" for c in fixed)
    assert all(cdt_data.get(c).category == "Orthodontics" for c in ortho)
    assert fixed[0] == "D6750" and ortho[0] == "D8680" and anywhere[:2] == ["D8680", "D6750"]
    assert top("retainer", 5, category="prosthodontics-fixed") == fixed  # from the cache, still filtered
    assert top("retainer", 5) == anywhere


def test_limit_is_part_of_the_cached_answer():
    assert len(top("crown", 3)) == 3 and len(top("crown", 12)) == 12


# -- suggest ------------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix, first", [("perio m", "D4910"), ("pano", "D0330"), ("sialoe", "D0371"),
                                           ("deep cl", "D4341"), ("night g", "D9944")])
def test_suggest_puts_the_common_code_first(prefix, first):
    assert cdt_data.suggest(prefix)[0].code == first


def test_suggest_finds_by_word_start_and_code_prefix():
    assert "D0371" in [h.code for h in cdt_data.suggest("sial")]
    assert [h.code for h in cdt_data.suggest("D037", limit=3)] == ["D0370", "D0371", "D0372"]


def test_suggest_leaves_out_deleted_codes():
    deleted = [p.code for p in cdt_data.codes(include_deleted=True) if p.deleted]
    assert "D9248" in deleted
    assert "D9248" not in [h.code for h in cdt_data.suggest("D924", limit=100)]
    assert cdt_data.suggest("D9248") == []
    for prefix in ("D0", "D9", "sed", "x", "cone"):
        assert not {h.code for h in cdt_data.suggest(prefix, limit=100)} & set(deleted), prefix


# -- threads ----------------------------------------------------------------------------------
def test_search_is_thread_safe():
    """Expected answers come from a fresh index, single-threaded; a second fresh index answers the
    same queries from eight threads with its cache cleared between passes."""
    queries = [q for q, _k, _g in R.GRADED]
    table = build_table(cdt_data._store.records)
    alone_index = SearchIndex(table)
    expected = {q: [h.code for h in alone_index.search(q)] for q in queries}
    shared = SearchIndex(table)
    for _ in range(3):
        shared.clear_cache()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            got = list(pool.map(lambda q: (q, [h.code for h in shared.search(q)]), queries * 2))
        wrong = [(q, codes) for q, codes in got if codes != expected[q]]
        assert not wrong
