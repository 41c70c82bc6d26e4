import pytest

from cdt_server import create_app

CHROME_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX_ORIGIN = "moz-extension://0f4b6f0e-3c1a-4c8e-9a57-2d8f5b1e7c42"


@pytest.fixture(scope="session")
def app():
    """The real app, warmed once for the session (records, search index, encoded records)."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_app():
    """A fresh app with extra settings, for tests that change configuration or add routes."""
    def make(**config):
        return create_app({"TESTING": True, "WARM_UP": False, **config})
    return make
