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
        self._unknown: dict[str, tuple[str, ...]] = {}  # well-formed code -> its suggestions

    # -- pass-throughs: the guidance itself lives only in cdt_data ---------------------------
    codes = staticmethod(cdt_data.codes)
    categories = staticmethod(cdt_data.categories)
    search = staticmethod(cdt_data.search)
    suggest = staticmethod(cdt_data.suggest)

    def get(self, code: object):
        if type(code) is str and code in self._unknown:
            raise cdt_data.UnknownCodeError(code, self._unknown[code])
        return cdt_data.get(code)

    @staticmethod
    def check(lines, patient_age=None, tooth_system="Universal"):
        return cdt_data.check(lines, patient_age=patient_age, tooth_system=tooth_system)

    def record_count(self) -> tuple[int, int]:
        """(all records, active records)."""
        if self._counts is None:
            every = self.codes(include_deleted=True)
            self._counts = len(every), sum(1 for p in every if not p.deleted)
        return self._counts

    def encoded(self, code: object) -> EncodedRecord:
        """The response body for one record; raises cdt_data's typed errors for bad codes."""
        try:
            proc = self.get(code)
        except cdt_data.UnknownCodeError as exc:
            # Finding close codes scans every record; pages repeat the same few typos, and
            # there are only 10,000 well-formed codes, so the answers are kept.
            self._unknown.setdefault(exc.code, exc.suggestions)
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

    def warm(self) -> None:
        """Load the records, build the search index and encode every record now, so that
        the first request pays for none of it."""
        for proc in self.codes(include_deleted=True):
            self.encoded(proc.code)
        self.search("warm up the index", limit=1)
        self.suggest("warm", limit=1)
        self.record_count()
