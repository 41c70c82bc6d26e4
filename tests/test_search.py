"""Search relevance for the words billers type, and robustness against odd input."""
import pytest

import cdt_data
from cdt_data import InvalidQueryError

# query -> codes of which at least one must be among the first three hits (first listed: ideal).
RELEVANCE = [
    # codes typed as codes
    ("D0371", {"D0371"}), ("d0371", {"D0371"}), ("0371", {"D0371"}), ("codes: D0371", {"D0371"}),
    ("D4341 D4342", {"D4341"}),
    # the seed's case
    ("salivary gland endoscope", {"D0371"}), ("sialoendoscopy", {"D0371"}),
    ("sialoendoscpy", {"D0371"}), ("salivary duct scope", {"D0371"}), ("sialography", {"D0310"}),
    # lay terms
    ("deep cleaning", {"D4341", "D4342"}), ("full mouth debridement", {"D4355"}),
    ("perio maintenance", {"D4910"}), ("adult prophy", {"D1110"}), ("child cleaning", {"D1120"}),
    ("fluoride varnish", {"D1206"}), ("silver diamine fluoride", {"D1354"}),
    ("periodic exam", {"D0120"}), ("comprehensive exam", {"D0150"}), ("emergency exam", {"D0140"}),
    ("perio exam", {"D0180"}), ("full mouth xrays", {"D0210"}), ("four bitewings", {"D0274"}),
    ("two bitewings", {"D0272"}), ("panoramic", {"D0330", "D0701"}), ("tomosynthesis", {"D0372"}),
    ("sealant", {"D1351"}), ("space maintainer", {"D1510", "D1516", "D1517"}),
    ("MOD composite molar", {"D2393"}), ("one surface posterior composite", {"D2391"}),
    ("amalgam two surfaces", {"D2150"}), ("core buildup", {"D2950"}), ("post and core", {"D2952", "D2954"}),
    ("crown lengthening", {"D4249"}), ("root canal premolar", {"D3320"}), ("root canal anterior", {"D3310"}),
    ("pulpotomy", {"D3220"}), ("apicoectomy molar", {"D3426", "D3425"}), ("gum graft", {"D4273", "D4275", "D4277"}),
    ("immediate denture", {"D5130", "D5140"}), ("sinus lift", {"D7951", "D7952"}),
    ("wisdom tooth bony impaction", {"D7240", "D7241"}), ("surgical extraction", {"D7210"}),
    ("incision and drainage", {"D7510"}), ("tongue tie", {"D7962"}), ("socket preservation", {"D7953"}),
    ("palliative", {"D9110"}), ("laughing gas", {"D9230"}), ("IV sedation", {"D9239", "D9243"}),
    ("night guard", {"D9944", "D9945", "D9946"}), ("teledentistry", {"D9995", "D9996"}),
    ("braces", {"D8080", "D8090"}), ("photobiomodulation", {"D9128"}),
    # abbreviations
    ("SRP", {"D4341", "D4342"}), ("pano", {"D0330"}), ("FMX", {"D0210"}), ("BWX", {"D0274", "D0272"}),
    ("PA xray", {"D0220"}), ("SDF", {"D1354"}), ("PFM crown", {"D2750"}), ("SSC", {"D2930", "D2931"}),
    ("RCT molar", {"D3330"}), ("I&D", {"D7510", "D7520"}), ("CBCT", {"D0364", "D0365", "D0366", "D0367"}),
    # brands and materials
    ("Arestin", {"D4381"}), ("zirconia crown", {"D2740"}), ("e.max crown", {"D2740"}),
    ("Invisalign", {"D8090", "D8080"}), ("3/4 crown", {"D2780", "D2781", "D2782", "D2783"}),
    # typos
    ("pulpotmy", {"D3220"}), ("periodontl maintenance", {"D4910"}), ("panoramc", {"D0330", "D0701"}),
    ("extration simple", {"D7140"}),
]


@pytest.mark.parametrize("query, expected", RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_relevance(query, expected):
    top = [h.code for h in cdt_data.search(query, limit=3)]
    assert expected & set(top), f"{query!r} -> {top}, wanted one of {sorted(expected)}"


def test_relevance_table_is_large_enough():
    assert len(RELEVANCE) >= 40


def test_a_code_in_the_query_comes_first():
    hits = cdt_data.search("D0310 sialoendoscopy")
    assert hits[0].code == "D0310"
    assert "D0371" in [h.code for h in hits[:3]]


@pytest.mark.parametrize("query", ['"', '"crown', "(root canal", "implant*", "AND", "OR NOT", "title:crown",
                                   "code:D0371", "crown)", "~2", "^3", "[a TO z]", "{}", "\\", "*", "?", "-",
                                   "crown AND", "NOT crown", "'", "€€€", "D", "\x00"])
def test_query_syntax_is_never_an_error(query):
    hits = cdt_data.search(query)
    assert isinstance(hits, list)
    assert all(isinstance(h.code, str) and h.code.startswith("D") for h in hits)


def test_words_with_syntax_characters_still_search():
    assert "D3310" in [h.code for h in cdt_data.search("(root canal anterior)")]
    assert cdt_data.search("title:crown")  # the colon is just a character


@pytest.mark.parametrize("query", ["", "   ", "the of and"])
def test_empty_queries_return_nothing(query):
    assert cdt_data.search(query) == []


@pytest.mark.parametrize("query, limit", [(None, 10), (42, 10), ("x" * 501, 10), ("crown", 0),
                                          ("crown", 101), ("crown", "5"), ("crown", True)])
def test_bad_queries_are_typed_errors(query, limit):
    with pytest.raises(InvalidQueryError):
        cdt_data.search(query, limit=limit)


def test_limit_and_category_filter():
    hits = cdt_data.search("crown", limit=5, category="Restorative")
    assert 0 < len(hits) <= 5 and all(h.category == "Restorative" for h in hits)
    with pytest.raises(InvalidQueryError):
        cdt_data.search("crown", category="Hats")


def test_deleted_codes_are_found_by_number_only():
    assert [h.code for h in cdt_data.search("D9248")][:1] == ["D9248"]
    assert "D9248" not in [h.code for h in cdt_data.search("sedation", limit=50)]


def test_code_prefix_lists_codes_in_order():
    hits = cdt_data.search("D037")
    assert [h.code for h in hits][:3] == ["D0370", "D0371", "D0372"]


def test_hits_serialise():
    d = cdt_data.search("pano")[0].to_dict()
    assert set(d) == {"code", "title", "score", "category"}


@pytest.mark.parametrize("prefix, expected", [("D037", "D0371"), ("0371", "D0371"), ("sial", "D0371"),
                                              ("salivary gl", "D0371"), ("pano", "D0330"), ("arest", "D4381")])
def test_suggest(prefix, expected):
    assert expected in [h.code for h in cdt_data.suggest(prefix)]


def test_suggest_bad_input():
    assert cdt_data.suggest("") == []
    with pytest.raises(InvalidQueryError):
        cdt_data.suggest(None)
    with pytest.raises(InvalidQueryError):
        cdt_data.suggest("crown", limit=-1)


# The thread-safety test lives in test_search_quality.py: expected answers from a fresh index,
# the parallel run on another fresh index with its cache cleared between passes.


def test_repeated_searches_are_answered_alike_and_not_shared():
    first = cdt_data.search("deep cleaning")
    first.append("junk")  # a caller changing its list must not change the next answer
    again = cdt_data.search("Deep   CLEANING")
    assert again == first[:-1]
    index = cdt_data._search_index()
    index.clear_cache()
    assert cdt_data.search("deep cleaning") == again


def test_query_words_are_read_exactly_as_the_index_reads_them():
    from cdt_data.fulltext import ANALYZER, analyze
    for p in cdt_data.codes():
        for text in (p.title, p.summary, *p.keywords):
            assert analyze(text) == [t.text for t in ANALYZER(text)], text
