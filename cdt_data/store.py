"""The records, loaded once, lazily, under a lock, from the package's own data files."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Optional

from .errors import DataFileError, InvalidQueryError, shorten
from .model import Caveat, Procedure, Source


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
    """Every record by code, plus the category table.

    Nothing is parsed until asked for. A lookup parses only the folder of its code's category,
    so a first ``get`` costs one category's files; ``records`` parses them all.
    """

    def __init__(self, package: str = __package__):
        self._package = package
        self._lock = threading.RLock()
        self._records: Optional[dict[str, Procedure]] = None
        self._categories: Optional[tuple[Category, ...]] = None
        self._loaded: dict[str, Procedure] = {}  # records of the folders parsed so far
        self._folders: set[str] = set()
        self._registries: dict[str, dict] = {}

    @property
    def records(self) -> dict[str, Procedure]:
        records = self._records
        if records is None:
            with self._lock:
                if self._records is None:
                    for cat in self.categories:
                        self._load_folder(cat.slug)
                    self._records = dict(sorted(self._loaded.items()))
                records = self._records
        return records

    def record(self, code: str) -> Optional[Procedure]:
        """The record of a normalised code, parsing its category's folder if need be."""
        found = self._loaded.get(code)
        if found is None and self._records is None:
            slug = self.folder_of(code)
            if slug is not None and slug not in self._folders:
                with self._lock:
                    self._load_folder(slug)
                found = self._loaded.get(code)
        return found

    @property
    def categories(self) -> tuple[Category, ...]:
        categories = self._categories
        if categories is None:
            with self._lock:
                if self._categories is None:
                    self._categories = self._load_categories()
                categories = self._categories
        return categories

    @property
    def caveats(self) -> dict[str, Caveat]:
        return self._registry("caveats.json", Caveat)

    @property
    def sources(self) -> dict[str, Source]:
        """Every file in sources/ (one per group of categories), merged; an id is defined once."""
        table = self._registries.get("sources")
        if table is None:
            from importlib.resources import files

            with self._lock:
                merged: dict[str, Source] = {}
                folder = files(self._package).joinpath("sources")
                for path in sorted(folder.iterdir(), key=lambda p: p.name):
                    if not path.name.endswith(".json"):
                        continue
                    where = f"sources/{path.name}"
                    for key, source in self._table(where, Source).items():
                        if key in merged:
                            raise DataFileError(f"The source id {key!r} is defined twice ({where}); reinstall cdt-data.")
                        merged[key] = source
                table = self._registries["sources"] = merged
        return table

    def _registry(self, name: str, kind) -> dict:
        """A small id-keyed table shipped beside the records, parsed once."""
        table = self._registries.get(name)
        if table is None:
            with self._lock:
                table = self._registries.get(name)
                if table is None:
                    table = self._registries[name] = self._table(name, kind)
        return table

    def _table(self, name: str, kind) -> dict:
        raw = self._read_json(name)
        try:
            return {key: kind(id=key, **value) for key, value in raw.items()}
        except (AttributeError, TypeError) as exc:
            raise DataFileError(f"The data file {name} is damaged ({exc}); reinstall cdt-data.") from exc

    def _read_json(self, name: str):
        from importlib.resources import files

        try:
            return json.loads(files(self._package).joinpath(name).read_bytes())
        except (OSError, ValueError) as exc:
            raise DataFileError(f"The data file {name} cannot be read ({exc}); reinstall cdt-data.") from exc

    def folder_of(self, code: str) -> Optional[str]:
        for cat in self.categories:
            if cat.start <= code <= cat.end:
                return cat.slug
        return None

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

    def record_files(self, folders=None):
        """(``folder/file.json``, parsed JSON) for every record file, in a stable order."""
        from importlib.resources import files  # only when data is read, not at import

        root = files(self._package).joinpath("records")
        for folder in sorted(root.iterdir(), key=lambda p: p.name):
            if not folder.is_dir() or (folders is not None and folder.name not in folders):
                continue
            for path in sorted(folder.iterdir(), key=lambda p: p.name):
                if not path.name.endswith(".json"):
                    continue
                where = f"{folder.name}/{path.name}"
                try:
                    yield where, json.loads(path.read_bytes())
                except ValueError as exc:
                    raise DataFileError(f"The data file {where} is not valid JSON ({exc}); reinstall cdt-data.") from exc

    def _load_folder(self, slug: str) -> None:
        """Parse one category's folder into ``_loaded``; the caller holds the lock."""
        if slug in self._folders:
            return
        parsed: dict[str, Procedure] = {}
        for where, raw in self.record_files({slug}):
            try:
                procs = [Procedure.from_dict(item) for item in raw]
            except (KeyError, TypeError, AttributeError) as exc:
                raise DataFileError(f"The data file {where} is damaged ({exc!r}); reinstall cdt-data.") from exc
            for proc in procs:
                if proc.code in parsed or proc.code in self._loaded:
                    raise DataFileError(f"{proc.code} appears twice in the data ({where}).")
                parsed[proc.code] = proc
        self._loaded.update(parsed)
        self._folders.add(slug)

    def _load_categories(self) -> tuple[Category, ...]:
        from importlib.resources import files

        try:
            raw = json.loads(files(self._package).joinpath("categories.json").read_bytes())
            return tuple(
                Category(c["name"], c["slug"], c["from"], c["to"], tuple(
                    Subcategory(s["name"], s["from"], s["to"], s.get("note", "")) for s in c["subcategories"]))
                for c in raw
            )
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise DataFileError(f"The data file categories.json is damaged ({type(exc).__name__}: "
                                f"{str(exc)[:120]}); reinstall cdt-data.") from exc


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
