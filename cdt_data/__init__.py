"""Dental Code Guide data: plain-language guidance for every CDT dental procedure code.

CDT is a registered trademark of the American Dental Association; the code numbers are the
ADA's. This project is independent and not affiliated with the ADA; its descriptions are its
own plain-language summaries, not the official descriptors.

Importing parses nothing: the records load on first use, the search index on first search.
"""
from __future__ import annotations

import datetime as _dt
import threading as _threading
from typing import Optional as _Optional

from .errors import (
    CdtDataError,
    DataFileError,
    InvalidClaimError,
    InvalidCodeError,
    InvalidDiagnosisError,
    InvalidQueryError,
    UnknownCodeError,
    UnknownDiagnosisError,
)
from .model import Caveat, Procedure, Source
from .normalize import normalize_code
from .store import Category, Store as _Store, close_codes as _close_codes

__version__ = "0.1.0"
EDITION = "2026"  # the CDT edition the data describes; data and package versions move apart
# The ICD-10-CM release of the medical-crossover data (fiscal year; FY2026 April 1, 2026 update),
# derived from simple-icd-10-cm 1.5.0; read on first diagnosis lookup, never at import.
ICD10CM_RELEASE = "2026"

__all__ = [
    "EDITION", "Caveat", "Category", "CdtDataError", "DataFileError", "Finding", "Hit", "InvalidClaimError",
    "InvalidCodeError", "InvalidQueryError", "Procedure", "Source", "UnknownCodeError", "categories", "caveats", "check", "codes", "eligibility", "load_profile", "profiles",
    "get", "is_valid", "lookup", "normalize_code", "search", "sources", "suggest",
    "ICD10CM_RELEASE", "InvalidDiagnosisError", "UnknownDiagnosisError", "diagnoses_for", "diagnosis",
    "diagnosis_families", "search_diagnoses",
]

_store = _Store()
_index = None
_index_lock = _threading.Lock()


def get(code: object) -> Procedure:
    """The record for ``code``; deleted codes come back marked deleted.

    Raises InvalidCodeError (a ValueError) for input not shaped like a code, and
    UnknownCodeError (a LookupError, with ``.suggestions``) for a well-formed code with no record.
    """
    found = _store.record(code) if type(code) is str else None  # fast path for canonical input
    if found is not None:
        return found
    norm = normalize_code(code)
    found = _store.record(norm)
    if found is None:
        active = [c for c, p in _store.records.items() if not p.deleted]
        raise UnknownCodeError(norm, _close_codes(norm, active))
    return found


def lookup(code: object) -> _Optional[Procedure]:
    """The record for ``code``, or None when there is none or the input is not a code."""
    try:
        return get(code)
    except (InvalidCodeError, UnknownCodeError):
        return None


def codes(category: _Optional[str] = None, include_deleted: bool = False) -> list[Procedure]:
    """Every record in code order, optionally of one category (name or slug)."""
    name = _store.category(category).name if category is not None else None
    return [
        p for p in _store.records.values()
        if (include_deleted or not p.deleted) and (name is None or p.category == name)
    ]


def categories() -> list[Category]:
    """The twelve categories of service, with their code ranges and subcategories."""
    return list(_store.categories)


def caveats() -> dict[str, Caveat]:
    """The notes that hold for many codes (plans vary, alternate benefit, delivery date, ...),
    by id; a record's ``caveats`` names the ones that apply to it."""
    return dict(_store.caveats)


def sources() -> dict[str, Source]:
    """The public sources the records were checked against, by id (``Procedure.review.sources``)."""
    return dict(_store.sources)


def is_valid(code: object, on: _Optional[_dt.date] = None) -> bool:
    """Whether ``code`` may be reported for a service on ``on`` (default: today).

    CDT editions take effect on 1 January. A code whose first edition is known only as a bound
    ("before 2003") counts as valid for any earlier date it is asked about.
    """
    if on is None:
        on = _dt.date.today()
    if not isinstance(on, _dt.date):
        raise InvalidQueryError(f"on is a datetime.date, not {type(on).__name__}.")
    proc = lookup(normalize_code(code))  # normalize first: malformed input raises
    if proc is None:
        return False
    edition = proc.edition
    if edition.added_exact and on.year < edition.added:
        return False
    return edition.deleted is None or on.year < edition.deleted


def _search_index():
    """The search index: read from the user's cache directory when a table for this package
    version and data is there, else built from the records (and saved for the next start)."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                from .fulltext import SearchIndex
                from .search_cache import table

                built, _where = table(__version__, lambda: _store.records)
                _index = SearchIndex(built)
    return _index


def search(query: str, limit: int = 10, category: _Optional[str] = None):
    """Ranked hits for words a biller types ("deep cleaning", "SRP", "pano", "D0371").

    A code in the query comes first, then the family of codes the words name (each sense's
    best code first), then records whose title or keyword is the query, then every record with
    the words, the codes billed most often first among equals. Typos are forgiven.
    """
    from .fulltext import check_query, code_prefix
    check_query(query, limit)
    name = _store.category(category).name if category is not None else None
    if not query.strip():
        return []
    prefix = code_prefix(query)
    if prefix is not None and len(prefix) < 5:
        return _search_index().code_hits(prefix, limit, name)
    return _search_index().search(query, limit=limit, category=name)


def suggest(prefix: str, limit: int = 10):
    """Autocomplete: active codes that start with a typed code prefix ("D037", "037"), or records
    with the words typed so far, the last one matched as the start of a title or keyword word
    ("sial", "perio m")."""
    from .fulltext import check_query, code_prefix
    check_query(prefix, limit, what="prefix")
    if not prefix.strip():
        return []
    code = code_prefix(prefix)
    if code is not None:
        return _search_index().code_hits(code, limit)
    return _search_index().suggest(prefix, limit=limit)


def check(lines, patient_age=None, tooth_system="Universal", history=None, profile=None):
    """Findings for the lines of a claim a biller is about to send, most severe first.

    ``lines``: dicts with ``code`` and optionally ``tooth``, ``surfaces``, ``quadrant``, ``arch``,
    ``area`` (the claim form's area of the oral cavity), ``date`` (ISO), ``provider`` and
    ``narrative``; ``tooth_system``: "Universal" or "FDI". ``history``: the patient's earlier
    services, shaped like lines, each with a ``date``; ``profile``: a payer profile's name, path or
    object (None: "common"). With a history or a profile, frequency, age, same-day and replacement
    limits are checked too (rule ids ``frequency.*``, with ``Finding.next_date``); a line without a
    date counts as today's. Returns a list of Finding; raises InvalidClaimError (a ValueError naming
    line and field; InvalidHistoryError for the history) or ProfileError for bad input.
    """
    from .claims import check as _check
    return _check(lines, patient_age=patient_age, tooth_system=tooth_system, history=history, profile=profile)


def eligibility(code, history, on=None, profile=None, tooth=None, quadrant=None, arch=None, patient_age=None):
    """Whether ``code`` is covered on ``on`` (default today) given the patient's history, under a
    payer profile (None: "common"): an Eligibility with ``eligible``, ``next_date`` and ``reasons``."""
    from .coverage import eligibility as _eligibility
    return _eligibility(code, history, on=on, profile=profile, tooth=tooth, quadrant=quadrant, arch=arch,
                        patient_age=patient_age)


def profiles():
    """The payer profiles that can be named: the shipped ones and the practice's own folder's."""
    from .payer_profiles import available
    return available()


def load_profile(spec=None):
    """A payer profile by name, path or as given (None: "common"); ProfileError when unusable."""
    from .payer_profiles import load
    return load(spec)


def diagnoses_for(code):
    """The ICD-10-CM diagnoses to consider when a CDT code goes to a medical plan, by family, each
    with our note on when it fits and its public sources: a list to consider, never a coding
    decision. Empty (falsy) for a code the mapping does not cover; InvalidCodeError /
    UnknownCodeError as ``get``. The first call reads the ICD-10-CM table."""
    from .crossover import diagnoses_for as _diagnoses_for
    return _diagnoses_for(code)


def diagnosis(icd):
    """One ICD-10-CM code ("K11.5", "k115", "S02.5XXA"; a family "K11.2-" is its heading): title,
    billable or heading, 7th characters, and the CDT codes whose lists include it.
    InvalidDiagnosisError (a ValueError) for input not shaped like a code; UnknownDiagnosisError
    (a LookupError, with ``.who`` for WHO-only codes such as K07.6 and ``.suggestions``) otherwise."""
    from .crossover import diagnosis as _diagnosis
    return _diagnosis(icd)


def diagnosis_families(code):
    """Labels of the diagnosis families listed for a CDT code ([] when none); reads no ICD table."""
    from .crossover import diagnosis_families as _families
    return _families(code)


def search_diagnoses(query, limit=10):
    """ICD-10-CM codes whose title or inclusion terms contain every word of ``query``."""
    from .crossover import search_diagnoses as _search
    return _search(query, limit)


def __getattr__(name: str):
    if name == "Hit":
        from .fulltext import Hit
        return Hit
    if name == "Finding":
        from .claims import Finding
        return Finding
    if name in ("ProfileError", "Profile"):
        from . import payer_profiles as profiles
        return getattr(profiles, name)
    if name in ("InvalidHistoryError",):
        from .history import InvalidHistoryError
        return InvalidHistoryError
    if name in ("Diagnosis", "DiagnosisList"):
        from . import crossover
        return getattr(crossover, name)
    if name == "Eligibility":
        from .coverage import Eligibility
        return Eligibility
    raise AttributeError(f"module 'cdt_data' has no attribute {name!r}")
