"""Medical crossover: ICD-10-CM diagnoses to consider for CDT codes often billed to medical plans.

The mapping is data (``diagnoses/crossover.json``): families of CDT codes, each with ICD-10-CM
codes or headings, the project's own one-line note on when each fits, and the public sources it
rests on. It is a list to consider, never a coding decision: every object here carries
``NOTICE`` in its ``to_dict()`` so that whatever shows it says so.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Optional

from .errors import DataFileError, InvalidQueryError, shorten
from .icd10cm import KIND_NAMES, PACKAGE, RELEASE, RELEASE_LABEL, Row, normalize_icd, table
from .normalize import normalize_code

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class DxSource:
    id: str
    title: str
    url: str
    kind: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "kind": self.kind}


@dataclass(frozen=True)
class Entry:
    """One ICD-10-CM code or heading in a family, with the CDT codes it is listed for."""

    icd: str                      # dotted, as written in the data (a heading covers its codes)
    key: str                      # no dot
    note: str
    sources: tuple[str, ...]
    codes: frozenset              # the CDT codes of the family this entry is listed for

    def covers(self, key: str) -> bool:
        return key.startswith(self.key)


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    note: str
    codes: tuple[str, ...]
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Suggestion:
    """An ICD-10-CM code or heading to consider for a CDT code."""

    code: str
    title: str
    kind: str                     # "billable", "heading" or "needs-7th-character"
    note: str
    sources: tuple[DxSource, ...]

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "kind": self.kind, "billable": self.kind == "billable",
                "note": self.note, "sources": [s.to_dict() for s in self.sources]}


@dataclass(frozen=True)
class FamilyView:
    id: str
    label: str
    note: str
    diagnoses: tuple[Suggestion, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "note": self.note,
                "diagnoses": [d.to_dict() for d in self.diagnoses]}


@dataclass(frozen=True)
class DiagnosisList:
    """What ``cdt_data.diagnoses_for(code)`` returns: the families of diagnoses to consider for a
    CDT code (empty when the code is not one the mapping covers)."""

    code: str
    title: str
    families: tuple[FamilyView, ...]
    notice: str
    release: str = RELEASE_LABEL

    def __bool__(self) -> bool:
        return bool(self.families)

    @property
    def diagnoses(self) -> tuple[Suggestion, ...]:
        return tuple(d for f in self.families for d in f.diagnoses)

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "notice": self.notice, "icd10cm_release": self.release,
                "families": [f.to_dict() for f in self.families]}


@dataclass(frozen=True)
class Use:
    """A CDT code whose diagnosis list includes an ICD-10-CM code (directly or by its heading)."""

    code: str                     # CDT code
    title: str
    family: str                   # family label
    listed_as: str                # the ICD code or heading in the list
    note: str

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "family": self.family, "listed_as": self.listed_as,
                "note": self.note}


@dataclass(frozen=True)
class Diagnosis:
    """What ``cdt_data.diagnosis(icd)`` returns: one ICD-10-CM code of the shipped release."""

    code: str                     # dotted
    title: str
    kind: str                     # "billable", "heading" or "needs-7th-character"
    terms: tuple[str, ...]        # inclusion terms of the tabular list
    parent: Optional[str]
    seventh: tuple[tuple[str, str], ...]   # for a code that needs one: (character, meaning)
    procedures: tuple[Use, ...]   # CDT codes whose diagnosis lists include this code
    notice: str
    release: str = RELEASE_LABEL

    @property
    def billable(self) -> bool:
        return self.kind == "billable"

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "kind": self.kind, "billable": self.billable,
                "inclusion_terms": list(self.terms), "parent": self.parent,
                "seventh_characters": [{"character": c, "meaning": m} for c, m in self.seventh],
                "procedures": [u.to_dict() for u in self.procedures], "notice": self.notice,
                "icd10cm_release": self.release}


class Mapping:
    """The crossover data, parsed once on first use (small: no ICD table needed to parse it)."""

    def __init__(self, package: str = __package__):
        self._package = package
        self._lock = threading.Lock()
        self._loaded = False
        self.notice = ""
        self.sources: dict[str, DxSource] = {}
        self.families: tuple[Family, ...] = ()
        self.by_code: dict[str, tuple[Family, ...]] = {}
        self._views: dict[str, DiagnosisList] = {}
        self._diagnoses: dict[str, Diagnosis] = {}

    def load(self) -> "Mapping":
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._read()
                    self._loaded = True
        return self

    def _read(self) -> None:
        from importlib.resources import files

        where = "diagnoses/crossover.json"
        try:
            raw = json.loads(files(self._package).joinpath(where).read_bytes())
            self.notice = raw["notice"]
            self.sources = {k: DxSource(k, v["title"], v["url"], v["kind"]) for k, v in raw["sources"].items()}
            families = []
            for fam in raw["families"]:
                codes = tuple(fam["codes"])
                entries = []
                for e in fam["diagnoses"]:
                    listed = frozenset(e["only"]) if "only" in e else frozenset(codes) - frozenset(e.get("except", ()))
                    missing = [s for s in e["sources"] if s not in self.sources]
                    if missing or not e["sources"] or not listed <= frozenset(codes):
                        raise DataFileError(f"{where}: entry {e['icd']} of {fam['id']} names unknown sources or codes.")
                    entries.append(Entry(e["icd"], normalize_icd(e["icd"]), e["note"], tuple(e["sources"]), listed))
                families.append(Family(fam["id"], fam["label"], fam.get("note", ""), codes, tuple(entries)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataFileError(f"The data file {where} is damaged ({exc!r}); reinstall cdt-data.") from exc
        by_code: dict[str, list[Family]] = {}
        for fam in families:
            for code in fam.codes:
                by_code.setdefault(code, []).append(fam)
        self.families = tuple(families)
        self.by_code = {c: tuple(f) for c, f in by_code.items()}

    def entries_for(self, code: str) -> list[Entry]:
        return [e for fam in self.load().by_code.get(code, ()) for e in fam.entries if code in e.codes]

    def labels(self, code: str) -> list[str]:
        return [fam.label for fam in self.load().by_code.get(code, ())]

    # --- views ------------------------------------------------------------------------------

    def view(self, code: str, title: str) -> DiagnosisList:
        found = self._views.get(code)
        if found is None:
            self.load()
            icd = table()
            fams = []
            for fam in self.by_code.get(code, ()):
                items = []
                for e in fam.entries:
                    if code not in e.codes:
                        continue
                    row = icd.row(e.key)
                    if row is None:
                        raise DataFileError(f"diagnoses/crossover.json lists {e.icd}, which is not in {RELEASE_LABEL}.")
                    items.append(Suggestion(e.icd, row.title, KIND_NAMES[row.kind], e.note,
                                            tuple(self.sources[s] for s in e.sources)))
                fams.append(FamilyView(fam.id, fam.label, fam.note, tuple(items)))
            found = self._views[code] = DiagnosisList(code, title, tuple(fams), self.notice)
        return found

    def diagnosis(self, row: Row) -> Diagnosis:
        found = self._diagnoses.get(row.key)
        if found is None:
            self.load()
            icd = table()
            uses = []
            for fam in self.families:
                for e in fam.entries:
                    if e.covers(row.key) or e.key.startswith(row.key):
                        # the code itself, a code under a listed heading, or a heading over listed codes
                        for code in sorted(e.codes):
                            uses.append(Use(code, _cdt_title(code), fam.label, e.icd, e.note))
            parent = icd.parent(row.key)
            found = self._diagnoses[row.key] = Diagnosis(
                row.code, row.title, KIND_NAMES[row.kind], row.terms, parent.code if parent else None,
                tuple(icd.seventh_characters(row.key)), tuple(uses), self.notice)
        return found

    def is_listed(self, code: str, key: str) -> bool:
        """Whether an ICD key falls under one of the entries listed for CDT ``code``."""
        return any(e.covers(key) for e in self.entries_for(code))


def _cdt_title(code: str) -> str:
    import cdt_data
    proc = cdt_data.lookup(code)
    return proc.title if proc is not None else ""


_mapping = Mapping()
_by_input: dict[str, Diagnosis] = {}


def mapping() -> Mapping:
    return _mapping


# --- the public functions (re-exported by cdt_data) --------------------------------------------

def diagnoses_for(code: object) -> DiagnosisList:
    """The ICD-10-CM diagnoses to consider for a CDT code, by family; empty for a code the mapping
    does not cover. InvalidCodeError / UnknownCodeError as ``cdt_data.get``."""
    import cdt_data
    proc = cdt_data.get(code)
    return _mapping.view(proc.code, proc.title)


def diagnosis_families(code: object) -> list[str]:
    """The labels of the diagnosis families listed for a CDT code (cheap: no ICD table is read)."""
    return _mapping.labels(normalize_code(code))


def diagnosis(icd: object) -> Diagnosis:
    """One ICD-10-CM code (with or without the dot, any case; a written family "K11.2-" is its
    heading). InvalidDiagnosisError for input not shaped like a code; UnknownDiagnosisError (with
    ``.who`` for a WHO-only code such as K07.6, and ``.suggestions``) for a code not in the release."""
    found = _by_input.get(icd) if type(icd) is str else None   # fast path for a repeated lookup
    if found is None:
        found = _mapping.diagnosis(table().resolve(icd, allow_family=True))
        if type(icd) is str and len(_by_input) < 10_000:
            _by_input[icd] = found
    return found


def search_diagnoses(query: str, limit: int = 10) -> list[Diagnosis]:
    """ICD-10-CM codes whose title or inclusion terms hold every word of ``query``; codes the
    crossover mapping lists come first, then shorter (broader) codes."""
    if not isinstance(query, str):
        raise InvalidQueryError(f"A query is text, not {type(query).__name__} {shorten(query)}.")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
        raise InvalidQueryError(f"limit is a whole number from 1 to 100, not {shorten(limit)}.")
    words = _WORD.findall(query.lower())
    if not words:
        return []
    m = _mapping.load()
    listed = [e.key for fam in m.families for e in fam.entries]

    def rank(row: Row):
        return (not any(row.key.startswith(k) for k in listed), row.kind == "B" and len(row.key) > 5, len(row.key), row.key)

    return [m.diagnosis(r) for r in table().search(words, limit, rank)]


def release() -> dict:
    """The ICD-10-CM release the package ships, and where it comes from."""
    return {"release": RELEASE, "label": RELEASE_LABEL, "package": PACKAGE}
