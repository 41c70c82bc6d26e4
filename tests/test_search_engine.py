"""The search engine underneath: BM25F scores equal to Whoosh's, the persisted table (built once,
opened later, rebuilt when stale or corrupt, never trusted), and a cold import that parses nothing."""
import json
import os
import subprocess
import sys

import pytest

import cdt_data
from cdt_data import search_cache
from cdt_data.fulltext import STOP_WORDS, SearchIndex, analyze, normalize_word
from cdt_data.search_build import FORMAT, build_table, search_data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def table():
    return build_table(cdt_data._store.records)


def test_stop_words_are_whooshs():
    from whoosh.analysis import STOP_WORDS as WHOOSH
    assert STOP_WORDS == frozenset(WHOOSH)


def test_short_words_are_not_stemmed_so_abbreviations_stay_apart():
    assert normalize_word("gums") == normalize_word("gum") == "gum"  # four letters: stemmed
    assert normalize_word("GA") == "ga" and normalize_word("gas") == "gas" and normalize_word("gases") == normalize_word("gas") + "e"
    assert analyze("X-rays radiographs films") == analyze("x-ray") * 3 == [normalize_word("xray")] * 3


@pytest.fixture(scope="module")
def whoosh_index():
    """Whoosh's own index of the same two fields, boosts and analysis."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    from cdt_data.fulltext import ANALYZER as analyzer

    schema = Schema(code=ID(stored=True, unique=True), name=TEXT(analyzer=analyzer, field_boost=3.0),
                    text=TEXT(analyzer=analyzer))
    ix = RamStorage().create_index(schema)
    writer = ix.writer()
    extra = search_data("lay_terms.json")["terms"]
    for p in cdt_data.codes():
        writer.add_document(code=p.code, name="\n".join((p.title, *p.keywords, *(t for t, _ in extra.get(p.code, ())))),
                            text=p.summary)
    writer.commit()
    return ix


@pytest.mark.parametrize("words", [["crown"], ["deep", "cleaning"], ["root", "canal", "molar"], ["retainer"],
                                   ["sialoendoscopy"], ["x-ray"], ["implant", "crown", "zirconia"]])
def test_scores_are_whooshs_bm25f(table, whoosh_index, words):
    """The table's score of a record for these words equals Whoosh's BM25F score for
    Or(name:w, text:w) over the same two fields, boosts and analysis."""
    from whoosh import query as Q
    from whoosh import scoring

    index = SearchIndex(table)
    stems = [normalize_word(w) for w in words]
    q = Q.Or([Q.Term(f, s) for s in stems for f in ("name", "text")])
    with whoosh_index.searcher(weighting=scoring.BM25F()) as searcher:
        whoosh = {hit["code"]: hit.score for hit in searcher.search(q, limit=None)}
    ours: dict[str, float] = {}
    for s in stems:
        for doc, score in index.postings.get(s, {}).items():
            ours[index.codes[doc]] = ours.get(index.codes[doc], 0.0) + score
    assert set(ours) == set(whoosh)
    for code, score in whoosh.items():
        assert ours[code] == pytest.approx(score, rel=1e-5), code


def test_an_index_made_from_the_table_answers_prefixes_and_autocomplete(table):
    index = SearchIndex(table)
    active = [p.code for p in cdt_data.codes() if p.code.startswith("D924")]
    assert [h.code for h in index.code_hits("D924", 100)] == active and "D9248" not in active
    assert index.suggest("sialoe")[0].code == "D0371"


# -- the persisted table -------------------------------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(search_cache.ENV, str(tmp_path))
    return tmp_path


def records():
    return cdt_data._store.records


def test_built_once_then_opened(cache):
    first, where = search_cache.table(cdt_data.__version__, records)
    assert where == "built+saved"
    files = list(cache.glob("search-*.json"))
    assert len(files) == 1 and files[0].name.startswith(f"search-{cdt_data.__version__}-")
    again, where = search_cache.table(cdt_data.__version__, lambda: pytest.fail("records parsed again"))
    assert where == "cache" and again == first
    assert [h.code for h in SearchIndex(again).search("deep cleaning")] == \
           [h.code for h in SearchIndex(first).search("deep cleaning")]


def _only_file(cache):
    (path,) = cache.glob("search-*.json")
    return path


@pytest.mark.parametrize("spoil", [
    lambda b: b[: len(b) // 2],  # truncated
    lambda b: b"",  # empty
    lambda b: b"not json\n" + b,  # header garbage
    lambda b: b.replace(b'"D4341"', b'"D4XXX"', 1),  # payload edited: hash no longer matches
    lambda b: b[:-10] + b"0123456789",  # tail overwritten
    lambda b: bytes(x ^ 0xFF for x in b[:40]) + b[40:],  # bits flipped in the header
])
def test_a_corrupt_cache_is_rebuilt_never_trusted(cache, spoil):
    built, _ = search_cache.table(cdt_data.__version__, records)
    path = _only_file(cache)
    path.write_bytes(spoil(path.read_bytes()))
    again, where = search_cache.table(cdt_data.__version__, records)
    assert where == "built+saved" and again == built
    assert search_cache.load(_only_file(cache), cdt_data.__version__, search_cache.fingerprint()) == built


def test_a_well_hashed_table_of_the_wrong_shape_is_rebuilt(cache):
    built, _ = search_cache.table(cdt_data.__version__, records)
    path = _only_file(cache)
    bad = dict(built, tiers=[9] * len(built["codes"]))
    search_cache.save(path, bad, cdt_data.__version__, search_cache.fingerprint())
    assert search_cache.table(cdt_data.__version__, records) == (built, "built+saved")


@pytest.mark.parametrize("field, value", [("version", "0.0.1"), ("format", FORMAT - 1), ("fingerprint", "0" * 64)])
def test_a_stale_cache_is_rebuilt(cache, field, value):
    """A file whose header names another package version, table format or data is not used, even
    under the right name."""
    built, _ = search_cache.table(cdt_data.__version__, records)
    path = _only_file(cache)
    header, _, payload = path.read_bytes().partition(b"\n")
    head = json.loads(header)
    head[field] = value
    path.write_bytes(json.dumps(head).encode() + b"\n" + payload)
    assert search_cache.table(cdt_data.__version__, records) == (built, "built+saved")


def test_changed_data_gets_a_new_table_and_the_old_file_goes(cache, monkeypatch):
    search_cache.table(cdt_data.__version__, records)
    old = _only_file(cache)
    monkeypatch.setattr(search_cache, "fingerprint", lambda: "f" * 64)
    _, where = search_cache.table(cdt_data.__version__, records)
    assert where == "built+saved" and not old.exists() and _only_file(cache).name.endswith("ffffffffffffffff.json")


def test_the_fingerprint_follows_the_data_files(tmp_path, monkeypatch):
    before = search_cache.fingerprint()
    assert search_cache.fingerprint() == before
    families = os.path.join(ROOT, "cdt_data", "search_data", "families.json")
    st = os.stat(families)
    try:
        os.utime(families, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        assert search_cache.fingerprint() != before
    finally:
        os.utime(families, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert search_cache.fingerprint() == before


def test_an_unwritable_cache_still_searches(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(search_cache.ENV, str(blocker / "cache"))
    built, where = search_cache.table(cdt_data.__version__, records)
    assert where == "built" and built["codes"]
    monkeypatch.setenv(search_cache.ENV, "off")
    assert search_cache.cache_dir() is None
    assert search_cache.table(cdt_data.__version__, records)[1] == "built"


def test_platform_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv(search_cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert search_cache.cache_dir() == tmp_path / "cdt-data"


# -- cold start ------------------------------------------------------------------------------------
def _run(code, env):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def test_import_parses_nothing_and_a_cached_first_search_parses_no_record(tmp_path):
    env = {**os.environ, search_cache.ENV: str(tmp_path)}
    probe = ("import sys, cdt_data; "
             "print(any(m.startswith('whoosh') or m == 'cdt_data.fulltext' for m in sys.modules), "
             "cdt_data._store._records is None, bool(cdt_data._store._loaded)); "
             "hits = cdt_data.search('deep cleaning'); "
             "print(hits[0].code, cdt_data._store._records is None, bool(cdt_data._store._loaded), "
             "'whoosh.index' in sys.modules)")
    built = _run(probe, env).stdout.split("\n")
    assert built[0] == "False True False"  # import: nothing parsed, no Whoosh
    assert built[1] == "D4341 False True True"  # first start: the records go into a Whoosh index, read into the table
    cached = _run(probe, env).stdout.split("\n")
    assert cached[1] == "D4341 True False False"  # later starts: the table alone, no record parsed
