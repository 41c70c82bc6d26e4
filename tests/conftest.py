import os
import pathlib
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Tests (and the processes they start) keep the search table in a folder of their own, never in
# the user's cache directory; tests of the cache point it elsewhere with monkeypatch.
os.environ.setdefault("CDT_DATA_CACHE_DIR", tempfile.mkdtemp(prefix="cdt-data-test-cache-"))


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(autouse=True)
def _answers_worked_out_afresh():
    """Every test's searches run the ranking code: no answer (or analysed word) carried over from an
    earlier test, where a wrong answer would hide behind a right one cached before (issue 16)."""
    import sys

    import cdt_data

    if cdt_data._index is not None:
        cdt_data._index.clear_cache()
    fulltext = sys.modules.get("cdt_data.fulltext")
    if fulltext is not None:
        fulltext._memo.clear()
    _cold_caches_under_mutmut()
    yield


def _cold_caches_under_mutmut():
    """Under mutmut (bench/mutation.py) every test starts with the checker's caches empty.

    mutmut runs, for each mutant, only the tests it saw call the mutated function; code behind a
    cache (the checker's plan, the rule book, loaded profiles) is called by the first test only,
    so its mutants would be tried against that one test. Outside mutmut this does nothing."""
    import os
    if "MUTANT_UNDER_TEST" in os.environ:
        import cdt_data.claim_rules as claim_rules
        import cdt_data.claims as claims
        import cdt_data.payer_profiles as payer_profiles
        claims._plan, claim_rules._book = None, None
        payer_profiles._cache.clear()
