"""Pack the extension into one zip for Chrome and one for Firefox, from the one source folder.

    python scripts/pack_extension.py [--out extension/dist]

extension/manifest.json serves both browsers when loaded unpacked: Chrome runs
background.service_worker, Firefox runs background.scripts and reads browser_specific_settings.
The zips carry the same files with the manifest trimmed to what each store expects: Chrome's
without background.scripts and browser_specific_settings, Firefox's without
background.service_worker. Unit tests and packed output stay out; the zips are byte-for-byte
reproducible (fixed timestamps, sorted entries).
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
EXCLUDED_DIRS = {"tests", "dist", "node_modules"}
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def manifest_for(manifest: dict, browser: str) -> dict:
    out = copy.deepcopy(manifest)
    if browser == "chrome":
        out["background"].pop("scripts", None)
        out.pop("browser_specific_settings", None)
    elif browser == "firefox":
        out["background"].pop("service_worker", None)
    else:
        raise ValueError(f"unknown browser {browser!r}")
    return out


def files_to_pack(source: Path) -> list[Path]:
    files = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or rel.parts[0] in EXCLUDED_DIRS or path.name.endswith(".test.js") or path.name.startswith("."):
            continue
        if rel.as_posix() != "manifest.json":
            files.append(rel)
    return files


def missing_files(manifest: dict, source: Path) -> list[str]:
    """Files the manifest names that are not in the source folder."""
    named = [manifest["background"].get("service_worker")] + manifest["background"].get("scripts", [])
    for script in manifest.get("content_scripts", []):
        named += script.get("js", []) + script.get("css", [])
    named += [manifest.get("action", {}).get("default_popup"), manifest.get("options_ui", {}).get("page")]
    named += list(manifest.get("icons", {}).values()) + list(manifest.get("action", {}).get("default_icon", {}).values())
    return [name for name in named if name and not (source / name).is_file()]


def pack(browser: str, out_dir: Path, source: Path = EXTENSION) -> Path:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    missing = missing_files(manifest, source)
    if missing:
        raise SystemExit(f"manifest.json names files that do not exist: {', '.join(missing)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"dental-code-guide-{manifest['version']}-{browser}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)

        add("manifest.json", (json.dumps(manifest_for(manifest, browser), indent=2, ensure_ascii=False) + "\n").encode())
        for rel in files_to_pack(source):
            add(rel.as_posix(), (source / rel).read_bytes())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=EXTENSION / "dist", help="folder for the zips")
    args = parser.parse_args(argv)
    for browser in ("chrome", "firefox"):
        print(pack(browser, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
