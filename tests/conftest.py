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
