import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(autouse=True)
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
    yield
