"""Runs the extension's DOM-free JavaScript unit tests (node --test) inside the pytest run."""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
UNIT_TESTS = sorted((ROOT / "extension" / "tests").glob("*.test.js")) + sorted((ROOT / "extension" / "lib").glob("*.test.js"))


def test_node_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        message = "node is not installed: the extension's unit tests need Node.js 18 or later (apt-get install -y nodejs)"
        if os.environ.get("CDT_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    assert UNIT_TESTS, "no extension unit tests found"
    # Files, not a folder: newer Node versions read --test arguments as globs.
    result = subprocess.run([node, "--test", *map(str, UNIT_TESTS)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = result.stdout + result.stderr
    counts = {key: int(value) for key, value in re.findall(r"^# (tests|pass|fail) (\d+)$", report, re.M)}
    assert result.returncode == 0, report[-4000:]
    assert counts.get("fail") == 0 and counts.get("pass", 0) == counts.get("tests", -1) > 40, report[-2000:]
