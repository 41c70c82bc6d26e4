"""ICD-10-CM codes: the compact table in ``diagnoses/icd10cm/``, read on first use.

The table is derived at build time from the pinned ``simple-icd-10-cm`` release by
``scripts/icd10cm.py`` (docs/decisions/0010-icd10cm-crossover.md): importing that package parses
its whole XML file, which takes seconds, so this package never imports it. The table is one
gzip file per first letter (``diagnoses/icd10cm/K.tsv.gz``). Nothing is read at
``import cdt_data``; a lookup reads and indexes its letter's file the first time it is needed
(a word search reads them all); each later lookup is a dictionary access.
"""
from __future__ import annotations

import gzip
import json
import re
import threading
from dataclasses import dataclass
from typing import Optional

from .errors import DataFileError, InvalidDiagnosisError, UnknownDiagnosisError, shorten

# The release the table holds; tests/test_diagnoses.py checks these against the table's header
# and, when it is installed, against the package the table was built from.
RELEASE = "2026"                                   # ICD-10-CM fiscal year (1 Oct 2025 - 30 Sep 2026)
RELEASE_LABEL = "ICD-10-CM FY2026, April 1, 2026 update"
PACKAGE = "simple-icd-10-cm 1.5.0"

# A letter, a digit, a letter or digit, then up to four more; the dot after the third is optional.
_SHAPE = re.compile(r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?")
BILLABLE, HEADING, NEEDS_7TH = "B", "H", "7"
KIND_NAMES = {BILLABLE: "billable", HEADING: "heading", NEEDS_7TH: "needs-7th-character"}


def dotted(key: str) -> str:
    """``K115`` -> ``K11.5``; three-character categories have no dot."""
    return key if len(key) <= 3 else key[:3] + "." + key[3:]


def normalize_icd(raw: object, allow_family: bool = False) -> str:
    """The table key of an ICD-10-CM-shaped string: ``" k11.5 "`` -> ``"K115"``.

    ``allow_family`` accepts the trailing dash of written families ("K11.2-"). Raises
    InvalidDiagnosisError for anything not shaped like a code (whether it exists is not checked).
    """
    if not isinstance(raw, str):
        raise InvalidDiagnosisError(
            f"An ICD-10-CM code is a string such as 'K11.5', not {type(raw).__name__} {shorten(raw)}.")
    text = raw.strip().upper()
    if allow_family and text.endswith("-"):
        text = text[:-1]
    if _SHAPE.fullmatch(text) is None:
        raise InvalidDiagnosisError(
            f"{shorten(raw)} is not shaped like an ICD-10-CM code: a letter, a digit, a letter or digit, "
            "then up to four more, with or without the dot (for example 'K11.5' or 'S02.5XXA').")
    return text.replace(".", "")


@dataclass(frozen=True)
class Row:
    key: str
    kind: str
    title: str
    terms: tuple[str, ...]

    @property
    def code(self) -> str:
        return dotted(self.key)


class Table:
    """Every ICD-10-CM code of the shipped release, by key (no dot)."""

    def __init__(self, package: str = __package__):
        self._package = package
        self._lock = threading.Lock()
        self._chunks: dict[str, tuple[list[str], dict[str, int]]] = {}   # first letter -> (rows, index)
        self._rows: dict[str, Row] = {}
        self._meta: dict[str, str] = {}
        self._who: Optional[dict] = None
        self._haystack: Optional[list[tuple[str, str]]] = None

    # --- loading: one small file per first letter, each read on first need ------------------

    def _chunk(self, letter: str) -> tuple[list[str], dict[str, int]]:
        chunk = self._chunks.get(letter)
        if chunk is None:
            with self._lock:
                chunk = self._chunks.get(letter)
                if chunk is None:
                    chunk = self._chunks[letter] = self._read(letter)
        return chunk

    def _read(self, letter: str) -> tuple[list[str], dict[str, int]]:
        from importlib.resources import files

        where = f"diagnoses/icd10cm/{letter}.tsv.gz"
        path = files(self._package).joinpath(where)
        if not ("A" <= letter <= "Z") or not path.is_file():
            if not files(self._package).joinpath("diagnoses/icd10cm/K.tsv.gz").is_file():
                raise DataFileError(f"The ICD-10-CM table (diagnoses/icd10cm/) is missing; reinstall cdt-data.")
            return [], {}   # no ICD-10-CM code starts with this letter
        try:
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile) as exc:
            raise DataFileError(f"The data file {where} cannot be read ({exc}); reinstall cdt-data.") from exc
        lines = text.split("\n")
        start, meta = 0, {}
        while start < len(lines) and lines[start].startswith("#"):
            key, _, value = lines[start][1:].strip().partition(": ")
            if value:
                meta[key] = value
            start += 1
        lines = lines[start:]
        if lines and not lines[-1]:
            lines.pop()
        index = {line[:line.find("\t")]: i for i, line in enumerate(lines)}
        if len(index) != len(lines) or str(len(lines)) != meta.get("rows"):
            raise DataFileError(f"The data file {where} is damaged (row count); reinstall cdt-data.")
        if not self._meta:
            self._meta = meta
        return lines, index

    def _letters(self) -> list[str]:
        from importlib.resources import files
        folder = files(self._package).joinpath("diagnoses/icd10cm")
        return sorted(p.name[0] for p in folder.iterdir() if p.name.endswith(".tsv.gz"))

    @property
    def meta(self) -> dict[str, str]:
        """The table's provenance (release, file, package, total rows) from its header."""
        self._chunk("K")
        out = dict(self._meta)
        out.pop("rows", None)   # per file; "total" counts the whole table
        return out

    def row(self, key: str) -> Optional[Row]:
        found = self._rows.get(key)
        if found is None:
            lines, index = self._chunk(key[:1])
            i = index.get(key)
            if i is None:
                return None
            code, kind, title, terms = lines[i].split("\t")
            found = self._rows[key] = Row(code, kind, title, tuple(terms.split(" | ")) if terms else ())
        return found

    def __len__(self) -> int:
        return sum(len(self._chunk(letter)[1]) for letter in self._letters())

    # --- structure ---------------------------------------------------------------------------

    def descendants(self, key: str, billable_only: bool = True, limit: Optional[int] = None) -> list[Row]:
        """Codes under ``key`` in tabular order (the table is written depth-first)."""
        lines, index = self._chunk(key[:1])
        i = index.get(key)
        out: list[Row] = []
        if i is None:
            return out
        for j in range(i + 1, len(lines)):
            child = lines[j][:lines[j].find("\t")]
            if not child.startswith(key):
                break
            row = self.row(child)
            if not billable_only or row.kind == BILLABLE:
                out.append(row)
                if limit is not None and len(out) >= limit:
                    break
        return out

    def parent(self, key: str) -> Optional[Row]:
        """The nearest heading above ``key`` (placeholder X's skipped: S025XXA -> S025)."""
        probe = key[:-1]
        while probe:
            row = self.row(probe)
            if row is not None:
                return row
            probe = probe[:-1]
        return None

    def seventh_characters(self, key: str) -> list[tuple[str, str]]:
        """(character, meaning) pairs a 7th-character heading takes: S025 -> [("A", "initial ...")]."""
        row = self.row(key)
        if row is None or row.kind != NEEDS_7TH:
            return []
        prefix = row.title + ", "
        return [(r.key[-1], r.title[len(prefix):] if r.title.startswith(prefix) else r.title)
                for r in self.descendants(key) if len(r.key) == 7]

    def is_extension(self, key: str) -> bool:
        """Whether ``key`` is a 7th-character code (S025XXA), whose title repeats its heading's."""
        if len(key) != 7:
            return False
        parent = self.parent(key)
        return parent is not None and parent.kind == NEEDS_7TH

    # --- WHO ICD-10 codes that ICD-10-CM lacks ---------------------------------------------

    def who_only(self) -> dict:
        who = self._who
        if who is None:
            from importlib.resources import files

            where = "diagnoses/who_only.json"
            try:
                raw = json.loads(files(self._package).joinpath(where).read_bytes())
                who = {normalize_icd(code): value for code, value in raw["codes"].items()}
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise DataFileError(f"The data file {where} is damaged ({exc!r}); reinstall cdt-data.") from exc
            self._who = who
        return who

    # --- lookups ----------------------------------------------------------------------------

    def resolve(self, raw: object, allow_family: bool = False) -> Row:
        """The row of an ICD-10-CM code, or InvalidDiagnosisError / UnknownDiagnosisError."""
        key = normalize_icd(raw, allow_family)
        row = self.row(key)
        if row is not None:
            return row
        stripped = key.rstrip("X")   # "S02.5XX": the placeholders of a code still missing its 7th character
        if stripped != key and len(stripped) >= 3:
            row = self.row(stripped)
            if row is not None and row.kind == NEEDS_7TH:
                return row
        raise self.unknown(key)

    def unknown(self, key: str) -> UnknownDiagnosisError:
        who = self.who_only().get(key)
        if who is not None:
            return UnknownDiagnosisError(dotted(key), RELEASE_LABEL, who["note"],
                                         tuple(dotted(normalize_icd(c)) for c in who["instead"]))
        return UnknownDiagnosisError(dotted(key), RELEASE_LABEL, None, self.near(key))

    def near(self, key: str) -> tuple[str, ...]:
        """Codes the input probably meant: the 7th character given without its placeholder X's
        (S025A -> S02.5XXA), or the same code one level up when that exists."""
        out = []
        if 4 <= len(key) < 7:
            padded = key[:-1].ljust(6, "X") + key[-1]
            row = self.row(padded)
            if row is not None and row.kind == BILLABLE:
                out.append(row.code)
        if not out:
            parent = self.parent(key)
            if parent is not None and len(parent.key) >= 4:
                out.append(parent.code)
        return tuple(out)

    def search(self, words: list[str], limit: int, rank) -> list[Row]:
        """Rows whose title or inclusion terms contain every word (7th-character codes left out:
        their heading stands for them), ordered by ``rank(row)``."""
        hay = self._haystack
        if hay is None:
            chunks = [self._chunk(letter)[0] for letter in self._letters()]
            with self._lock:
                if self._haystack is None:
                    self._haystack = [(line[:line.find("\t")], line.split("\t", 2)[2].lower())
                                      for lines in chunks for line in lines]
                hay = self._haystack
        found = []
        for key, text in hay:
            if all(w in text for w in words) and not self.is_extension(key):
                found.append(self.row(key))
        found.sort(key=rank)
        return found[:limit]


@dataclass(frozen=True)
class Status:
    """What a claim line's diagnosis is: ``kind`` is "malformed", "unknown", "who", "heading",
    "seventh" (a code still missing its 7th character) or "ok"."""

    kind: str
    given: str
    row: Optional[Row] = None
    error: Optional[UnknownDiagnosisError] = None


def classify(raw: str) -> Status:
    """Where a diagnosis from a claim line stands; cached, since claims repeat codes."""
    found = _status.get(raw)
    if found is None:
        found = _classify(raw)
        if len(_status) < 10_000:
            _status[raw] = found
    return found


def _classify(raw: str) -> Status:
    try:
        row = _table.resolve(raw)
    except InvalidDiagnosisError:
        return Status("malformed", raw)
    except UnknownDiagnosisError as exc:
        return Status("who" if exc.who else "unknown", raw, error=exc)
    if row.kind == NEEDS_7TH:
        return Status("seventh", raw, row)
    if row.kind == HEADING:
        return Status("heading", raw, row)
    return Status("ok", raw, row)


_table = Table()
_status: dict[str, Status] = {}


def table() -> Table:
    return _table
