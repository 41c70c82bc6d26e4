"""The dataset as the server sees it: ``cdt_data`` plus a cache of each record's response body.

Records are immutable for the life of the process, so each one is dumped through its schema
and encoded once; the bytes and their ETag are then served as they are.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

import cdt_data

from .schemas import record_schema


# Every well-formed code fits (there are 10,000, about 9,100 of them unknown, ~1.5 MB): a flood
# of them computes each answer once instead of evicting and recomputing forever.
MAX_UNKNOWN = 10_000


@dataclass(frozen=True)
class EncodedRecord:
    body: bytes
    etag: str
    fields: dict


class Dataset:
    """What the views reach as ``current_app.extensions["cdt"]``."""

    version = cdt_data.__version__
    edition = cdt_data.EDITION

    def __init__(self):
        self._encoded: dict[str, EncodedRecord] = {}
        self._lock = threading.Lock()
        self._counts: "tuple[int, int] | None" = None
        # Well-formed unknown code (normalised, so at most 10,000 of them) -> its suggestions.
        # Finding close codes scans every record and pages repeat the same few typos, so the
        # answers are kept, but never more than MAX_UNKNOWN (the oldest go first; only codes
        # normalize_code accepts are kept, so junk never enters).
        self._unknown: dict[str, tuple[str, ...]] = {}

    # -- pass-throughs: the guidance itself lives only in cdt_data ---------------------------
    codes = staticmethod(cdt_data.codes)
    categories = staticmethod(cdt_data.categories)
    search = staticmethod(cdt_data.search)
    suggest = staticmethod(cdt_data.suggest)

    def get(self, code: object):
        return cdt_data.get(code)

    @staticmethod
    def check(lines, patient_age=None, tooth_system="Universal", history=None, profile=None):
        return cdt_data.check(lines, patient_age=patient_age, tooth_system=tooth_system, history=history,
                              profile=profile)

    def record_count(self) -> tuple[int, int]:
        """(all records, active records)."""
        if self._counts is None:
            every = self.codes(include_deleted=True)
            self._counts = len(every), sum(1 for p in every if not p.deleted)
        return self._counts

    def cached(self, code: str) -> "EncodedRecord | None":
        """The encoded record of a code in its canonical spelling, if it is encoded already."""
        return self._encoded.get(code)

    def encoded(self, code: object) -> EncodedRecord:
        """The response body for one record; raises cdt_data's typed errors for bad codes."""
        found = self._encoded.get(code) if type(code) is str else None  # canonical spelling, warm
        if found is not None:
            return found
        norm = cdt_data.normalize_code(code)  # InvalidCodeError: nothing is kept for junk
        suggestions = self._unknown.get(norm)
        if suggestions is not None:
            raise cdt_data.UnknownCodeError(norm, suggestions)
        try:
            proc = cdt_data.get(norm)
        except cdt_data.UnknownCodeError as exc:
            self._remember_unknown(norm, exc.suggestions)
            raise
        found = self._encoded.get(proc.code)
        if found is None:
            fields = record_schema.dump(proc.to_dict(resolve=True))
            body = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
            etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
            found = EncodedRecord(body, etag, fields)
            with self._lock:
                found = self._encoded.setdefault(proc.code, found)
        return found

    def _remember_unknown(self, code: str, suggestions: tuple[str, ...]) -> None:
        with self._lock:
            if len(self._unknown) >= MAX_UNKNOWN:
                del self._unknown[next(iter(self._unknown))]
            self._unknown[code] = suggestions

    def warm(self) -> None:
        """Check the data, load the records and the claim rules, build the search index and
        encode every record now, so that the first request pays for none of it and a damaged
        data file stops the start (DataFileError naming the file) instead of failing requests."""
        from cdt_data.validate import shipped_problems
        problems = shipped_problems()
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise cdt_data.DataFileError(f"the data is damaged: {problems[0]}{more}; "
                                         "`cdt validate` lists them all; reinstall cdt-data.")
        self.check([{"code": "D0120"}])  # loads the claim rules
        for proc in self.codes(include_deleted=True):
            self.encoded(proc.code)
        self.search("warm up the index", limit=1)
        self.suggest("warm", limit=1)
        self.record_count()
