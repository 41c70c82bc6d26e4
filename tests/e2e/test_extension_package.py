"""The extension's source and its packed zips: one source for both browsers, kept in step.
(No browser needed: these run everywhere.)"""
from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
SOURCES = [p for p in EXTENSION.rglob("*.js") if "tests" not in p.relative_to(EXTENSION).parts and p.name != "snapshot.js"]


@pytest.fixture(scope="module")
def packer():
    spec = importlib.util.spec_from_file_location("pack_extension", ROOT / "scripts" / "pack_extension.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_serves_both_browsers(manifest, packer):
    assert manifest["manifest_version"] == 3
    assert manifest["browser_specific_settings"]["gecko"]["id"]
    assert packer.missing_files(manifest, EXTENSION) == []


def test_no_host_access_by_default_beyond_the_local_server(manifest):
    """Sites are the user's to grant: no content script in the manifest, host access only to the
    loopback server, every other host optional (asked for when the user turns a site on)."""
    assert "content_scripts" not in manifest
    assert manifest["host_permissions"] == ["http://127.0.0.1/*", "http://localhost/*"]
    assert manifest["optional_host_permissions"] == ["http://*/*", "https://*/*"]
    assert sorted(manifest["permissions"]) == ["activeTab", "scripting", "storage"]
    assert "<all_urls>" not in json.dumps(manifest)
    scan = manifest["commands"]["scan-page"]
    assert scan["suggested_key"]["default"] and "once" in scan["description"]


def test_content_files_exist_and_start_with_the_libraries():
    listed = re.findall(r'"((?:lib|content)/[^"]+)"', (EXTENSION / "lib" / "content-files.js").read_text(encoding="utf-8"))
    assert listed[-2:] == ["content/main.js", "content/page.css"]
    assert [name for name in listed if not (EXTENSION / name).is_file()] == []
    assert "lib/sites.js" in listed and listed.index("lib/sites.js") < listed.index("content/main.js")


def test_firefox_declares_it_collects_no_data(manifest):
    gecko = manifest["browser_specific_settings"]["gecko"]
    assert gecko["data_collection_permissions"] == {"required": ["none"]}
    # The key is read from Firefox 140 on (desktop); web-ext lint warns below that.
    assert int(gecko["strict_min_version"].split(".")[0]) >= 140


def test_service_worker_imports_what_firefox_lists(manifest):
    """Chrome's importScripts list and Firefox's background.scripts name the same files in order."""
    worker = (EXTENSION / manifest["background"]["service_worker"]).read_text(encoding="utf-8")
    imported = re.search(r"importScripts\((.*?)\);", worker, re.S).group(1)
    base = pathlib.PurePosixPath(manifest["background"]["service_worker"]).parent
    resolved = [str(pathlib.PurePosixPath(*_normalise(base / name)))
                for name in re.findall(r'"([^"]+)"', imported)]
    assert resolved + [manifest["background"]["service_worker"]] == manifest["background"]["scripts"]


def _normalise(path: pathlib.PurePosixPath) -> list[str]:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return parts


@pytest.mark.parametrize("pattern", [r"\.innerHTML\b", r"\.outerHTML\b", r"insertAdjacentHTML", r"document\.write"])
def test_text_is_set_with_textcontent_only(pattern):
    offenders = [str(p.relative_to(ROOT)) for p in SOURCES if re.search(pattern, p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_only_the_background_fetches():
    callers = {str(p.relative_to(EXTENSION)) for p in SOURCES if re.search(r"\bfetch\(", p.read_text(encoding="utf-8"))}
    assert callers == {"background/server.js"}


def test_zips_per_browser(tmp_path, packer, manifest):
    chrome = packer.pack("chrome", tmp_path)
    firefox = packer.pack("firefox", tmp_path)
    with zipfile.ZipFile(chrome) as zc, zipfile.ZipFile(firefox) as zf:
        chrome_manifest = json.loads(zc.read("manifest.json"))
        firefox_manifest = json.loads(zf.read("manifest.json"))
        names = zc.namelist()
        assert names == zf.namelist()
    assert chrome_manifest["background"] == {"service_worker": "background/service-worker.js"}
    assert "browser_specific_settings" not in chrome_manifest
    assert firefox_manifest["background"] == {"scripts": manifest["background"]["scripts"]}
    assert firefox_manifest["browser_specific_settings"] == manifest["browser_specific_settings"]
    assert "lib/snapshot.js" in names and "content/main.js" in names
    assert not [n for n in names if n.startswith(("tests/", "dist/")) or n.endswith(".test.js")]
    # Reproducible: packing again gives the same bytes.
    again = packer.pack("chrome", tmp_path / "again")
    assert again.read_bytes() == chrome.read_bytes()


def test_extension_pages_may_reach_a_practice_server_over_http(manifest):
    """Firefox's default MV3 policy for extension pages adds upgrade-insecure-requests, which
    turns http://practice-server:8765 into https:// (loopback is exempt, a LAN name is not)."""
    csp = manifest["content_security_policy"]["extension_pages"]
    assert "upgrade-insecure-requests" not in csp
    assert csp.split(";")[0].strip() == "script-src 'self'"
