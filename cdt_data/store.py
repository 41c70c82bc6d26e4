"""The records, loaded once, lazily, under a lock, from the package's own data files."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from importlib.resources import files
from typing import Optional

from .errors import DataFileError, InvalidQueryError, shorten
from .model import Procedure


@dataclass(frozen=True)
class Subcategory:
    name: str
    start: str
    end: str
    note: str = ""


@dataclass(frozen=True)
class Category:
    name: str
    slug: str
    start: str
    end: str
    subcategories: tuple[Subcategory, ...]

    def to_dict(self) -> dict:
        return {
            "name": self.name, "slug": self.slug, "from": self.start, "to": self.end,
            "subcategories": [
                {"name": s.name, "from": s.start, "to": s.end, **({"note": s.note} if s.note else {})}
                for s in self.subcategories
            ],
        }


class Store:
    """Every record by code, plus the category table. Parsed on first use only."""

    def __init__(self, package: str = __package__):
        self._package = package
        self._lock = threading.Lock()
        self._records: Optional[dict[str, Procedure]] = None
        self._categories: Optional[tuple[Category, ...]] = None

    @property
    def records(self) -> dict[str, Procedure]:
        records = self._records
        if records is None:
            with self._lock:
                if self._records is None:
                    self._records = self._load_records()
                records = self._records
        return records

    @property
    def categories(self) -> tuple[Category, ...]:
        categories = self._categories
        if categories is None:
            with self._lock:
                if self._categories is None:
                    self._categories = self._load_categories()
                categories = self._categories
        return categories

    def category(self, name: str) -> Category:
        """The category named ``name`` or by its slug, case-insensitively."""
        if not isinstance(name, str):
            raise InvalidQueryError(f"A category is a name such as 'Diagnostic', not {shorten(name)}.")
        wanted = name.strip().lower()
        for cat in self.categories:
            if wanted in (cat.name.lower(), cat.slug):
                return cat
        names = ", ".join(c.name for c in self.categories)
        raise InvalidQueryError(f"{shorten(name)} is not a category. The categories are: {names}.")

    def record_files(self):
        """(``folder/file.json``, parsed JSON) for every record file, in a stable order."""
        root = files(self._package).joinpath("records")
        for folder in sorted(root.iterdir(), key=lambda p: p.name):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir(), key=lambda p: p.name):
                if not path.name.endswith(".json"):
                    continue
                where = f"{folder.name}/{path.name}"
                try:
                    yield where, json.loads(path.read_bytes())
                except ValueError as exc:
                    raise DataFileError(f"The data file {where} is not valid JSON ({exc}); reinstall cdt-data.") from exc

    def _load_records(self) -> dict[str, Procedure]:
        records: dict[str, Procedure] = {}
        for where, raw in self.record_files():
            try:
                procs = [Procedure.from_dict(item) for item in raw]
            except (KeyError, TypeError, AttributeError) as exc:
                raise DataFileError(f"The data file {where} is damaged ({exc!r}); reinstall cdt-data.") from exc
            for proc in procs:
                if proc.code in records:
                    raise DataFileError(f"{proc.code} appears twice in the data ({where}).")
                records[proc.code] = proc
        return dict(sorted(records.items()))

    def _load_categories(self) -> tuple[Category, ...]:
        raw = json.loads(files(self._package).joinpath("categories.json").read_bytes())
        return tuple(
            Category(c["name"], c["slug"], c["from"], c["to"], tuple(
                Subcategory(s["name"], s["from"], s["to"], s.get("note", "")) for s in c["subcategories"]))
            for c in raw
        )


def close_codes(code: str, known, limit: int = 5) -> tuple[str, ...]:
    """Codes one keystroke away from ``code`` (one digit changed or two swapped), nearest first."""
    digits = code[1:]
    found = []
    for other in known:
        d = other[1:]
        diff = [i for i in range(4) if d[i] != digits[i]]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and d[diff[0]] == digits[diff[1]] and d[diff[1]] == digits[diff[0]]
        if len(diff) == 1 or swapped:
            found.append((abs(int(d) - int(digits)), other))
    found.sort()
    return tuple(c for _, c in found[:limit])
