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
    yield
