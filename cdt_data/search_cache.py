"""The search table kept in the user's cache directory, built once per package version and data
fingerprint, opened on later starts.

A cache file is one header line (JSON: format, package version, data fingerprint, SHA-256 and
length of the payload) and the payload (the table as JSON). It is used only when the header names
this package version, this data and this table format, and the payload's hash matches; anything
else (stale, truncated, edited, not JSON, wrong shape) is rebuilt and rewritten, never trusted.
Writes go to a temporary file renamed into place, so concurrent first starts cannot tear a file.
Where the cache cannot be written the table is built in memory and search works as before.

Directory: ``$CDT_DATA_CACHE_DIR`` if set (``off`` turns the cache off), else the platform's
user cache directory (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on
macOS, ``%LOCALAPPDATA%`` on Windows) + ``cdt-data``: the platformdirs rules without the
dependency.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Optional

from .search_build import FORMAT, build_table

ENV = "CDT_DATA_CACHE_DIR"
_DATA_FOLDERS = ("records", "search_data")


def cache_dir() -> Optional[Path]:
    """Where the search table is kept, or None when caching is off."""
    configured = os.environ.get(ENV)
    if configured:
        return None if configured.strip().lower() == "off" else Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdt-data"


def fingerprint() -> str:
    """What the table is built from: every data file under records/ and search_data/ by name, size
    and modification time (a stat each, no reading), or by content where the package is not on a
    plain file system (a zip)."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    root = files(__package__)
    for folder in _DATA_FOLDERS:
        base = root.joinpath(folder)
        if isinstance(base, Path):
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.endswith(".json"):
                        st = os.stat(os.path.join(dirpath, name))
                        rel = os.path.relpath(os.path.join(dirpath, name), base)
                        h.update(f"{folder}/{rel} {st.st_size} {st.st_mtime_ns}\n".encode())
        else:  # pragma: no cover - zip imports
            stack = [base]
            while stack:
                node = stack.pop()
                for child in sorted(node.iterdir(), key=lambda p: p.name):
                    if child.is_dir():
                        stack.append(child)
                    elif child.name.endswith(".json"):
                        h.update(child.name.encode() + hashlib.sha256(child.read_bytes()).digest())
    return h.hexdigest()


def cache_path(version: str, print_: str) -> Optional[Path]:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"search-{version}-{print_[:16]}.json"


def load(path: Path, version: str, print_: str) -> Optional[dict]:
    """The table in ``path`` if it is whole and made for this version and data, else None."""
    try:
        with open(path, "rb") as f:
            header = json.loads(f.readline())
            payload = f.read()
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != version \
                or header.get("fingerprint") != print_ or header.get("length") != len(payload) \
                or header.get("sha256") != hashlib.sha256(payload).hexdigest():
            return None
        table = json.loads(payload)
        return table if _well_formed(table) else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _well_formed(table: object) -> bool:
    """Shape checks cheap enough for every start (the hash already vouches for the bytes)."""
    if not isinstance(table, dict):
        return False
    try:
        n = len(table["codes"])
        if not all(isinstance(table[k], list) and len(table[k]) == n
                   for k in ("titles", "categories", "deleted", "tiers", "kinds")):
            return False
        if not all(t in (1, 2, 3, 4) for t in table["tiers"]):
            return False
        return all(isinstance(table[k], dict) for k in ("postings", "exact", "families", "names", "vocabulary"))
    except (KeyError, TypeError):
        return False


def save(path: Path, table: dict, version: str, print_: str) -> bool:
    """Write the table atomically; False (and nothing left behind) when the folder is not writable."""
    payload = json.dumps(table, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header = json.dumps({"format": FORMAT, "version": version, "fingerprint": print_,
                         "length": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".search-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(header + b"\n" + payload)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob("search-*.json"):  # tables of other versions or data
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def table(version: str, records) -> tuple[dict, str]:
    """The search table and where it came from ("cache", "built+saved", "built").

    ``records`` is a callable returning the records; it is only called when the table is built."""
    print_ = fingerprint()
    path = cache_path(version, print_)
    if path is not None:
        found = load(path, version, print_)
        if found is not None:
            return found, "cache"
    built = build_table(records())
    if path is not None and save(path, built, version, print_):
        return built, "built+saved"
    return built, "built"
