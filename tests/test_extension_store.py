"""Ready for the stores: `web-ext lint` passes on the Firefox package with no errors, warnings
or notices, and docs/store-listing.md states the single purpose and justifies every permission.

web-ext comes from the npm registry into tests/js-tools/node_modules (`npm ci --prefix
tests/js-tools`; .ci/run does it). Without it the lint test skips with that hint, unless
CDT_REQUIRE_BROWSER=1 (CI) makes it fail."""
from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
TOOLS = ROOT / "tests" / "js-tools"
WEB_EXT = TOOLS / "node_modules" / "web-ext" / "bin" / "web-ext.js"
LISTING = ROOT / "docs" / "store-listing.md"


def _pack(browser: str, out: pathlib.Path) -> pathlib.Path:
    spec = importlib.util.spec_from_file_location("pack_extension", ROOT / "scripts" / "pack_extension.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pack(browser, out)


def _need(path: pathlib.Path, hint: str) -> None:
    if path.exists() and shutil.which("node"):
        return
    message = f"{path.relative_to(ROOT)} (or node) is missing: {hint}"
    if os.environ.get("CDT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CDT_REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))


def test_web_ext_lint_passes_on_the_firefox_package(tmp_path):
    """The zip submitted to addons.mozilla.org, linted as AMO lints it."""
    _need(WEB_EXT, "npm ci --prefix tests/js-tools")
    source = tmp_path / "firefox"
    with zipfile.ZipFile(_pack("firefox", tmp_path)) as zf:
        zf.extractall(source)
    result = subprocess.run(
        [shutil.which("node"), str(WEB_EXT), "lint", "--source-dir", str(source), "--output", "json",
         "--no-config-discovery"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_UPDATE_NOTIFIER": "1"})
    report = json.loads(result.stdout[result.stdout.index("{"):])
    found = {kind: [f"{m['code']}: {m['message']} ({m.get('file')})" for m in report[kind]]
             for kind in ("errors", "warnings", "notices")}
    assert found == {"errors": [], "warnings": [], "notices": []}
    assert result.returncode == 0, result.stderr[-2000:]


def _sections(text: str) -> dict[str, str]:
    """Level-3 sections of the listing, by the name in backticks in their heading."""
    parts = re.split(r"^### `([^`]+)`\s*$", text, flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


def test_store_listing_has_a_single_purpose_and_justifies_every_permission(manifest):
    text = LISTING.read_text(encoding="utf-8")
    assert re.search(r"^## Single purpose\s*$", text, re.M)
    purpose = text.split("## Single purpose", 1)[1].split("\n## ", 1)[0]
    assert "CDT" in purpose and len(purpose.split()) >= 20
    sections = _sections(text)
    asked = (manifest["permissions"] + manifest["host_permissions"] + manifest["optional_host_permissions"]
             + ["commands"])
    for permission in asked:
        assert permission in sections, f"no justification for {permission} in docs/store-listing.md"
        assert len(sections[permission].split()) >= 12, f"the justification of {permission} is too short"
    assert set(sections) - set(asked) == set(), "a justification for a permission the manifest does not ask for"
    # The data-use answers match the manifest's gecko declaration: nothing collected.
    assert manifest["browser_specific_settings"]["gecko"]["data_collection_permissions"] == {"required": ["none"]}
    assert re.search(r"^## Data use", text, re.M) and "collects no" in text.lower()
    assert manifest["name"] in text
