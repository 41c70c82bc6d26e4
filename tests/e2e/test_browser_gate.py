"""Without Chromium the browser tests skip with a hint, unless CDT_REQUIRE_BROWSER=1 (CI) makes
them fail. (Runs everywhere: it only calls the gate.)"""
from __future__ import annotations

import importlib.util
import pathlib
import sys

import pytest
from _pytest.outcomes import Failed, Skipped


@pytest.fixture
def gate(monkeypatch):
    path = pathlib.Path(__file__).with_name("conftest.py")
    spec = importlib.util.spec_from_file_location("e2e_conftest_under_test", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CHROMIUM", pathlib.Path("/nonexistent/chromium"))
    monkeypatch.setattr(module, "FIREFOX", pathlib.Path("/nonexistent/firefox-esr"))
    return module


def test_skips_with_how_to_get_chromium(gate, monkeypatch):
    monkeypatch.delenv("CDT_REQUIRE_BROWSER", raising=False)
    with pytest.raises(Skipped) as outcome:
        gate.require_browser()
    assert "apt-get install -y chromium" in outcome.value.msg and "pip install playwright" in outcome.value.msg


def test_fails_when_ci_requires_the_browser(gate, monkeypatch):
    monkeypatch.setenv("CDT_REQUIRE_BROWSER", "1")
    with pytest.raises(Failed) as outcome:
        gate.require_browser()
    assert "CDT_REQUIRE_BROWSER=1" in outcome.value.msg


def test_firefox_skips_with_how_to_get_it(gate, monkeypatch):
    monkeypatch.delenv("CDT_REQUIRE_BROWSER", raising=False)
    with pytest.raises(Skipped) as outcome:
        gate.require_firefox()
    assert "apt-get install -y firefox-esr" in outcome.value.msg and "marionette-driver" in outcome.value.msg


def test_firefox_fails_when_ci_requires_the_browser(gate, monkeypatch):
    monkeypatch.setenv("CDT_REQUIRE_BROWSER", "1")
    with pytest.raises(Failed) as outcome:
        gate.require_firefox()
    assert "CDT_REQUIRE_BROWSER=1" in outcome.value.msg
