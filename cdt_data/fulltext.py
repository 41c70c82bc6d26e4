"""Full-text search over the records with Whoosh, built in RAM on first use.

User input is never parsed as Whoosh query syntax: it is cut into words with the same analyzer
that indexed the records, and the queries are built here, so quotes, brackets, ``*``, ``AND``
and ``:`` are just characters. Three passes, each run only if the one before found too little:
every word (exact), every word allowing one typo, then any word allowing one typo.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable, Optional

from whoosh import query as Q
from whoosh import scoring
from whoosh.analysis import STOP_WORDS, Filter, RegexTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.lang.porter import stem

from .errors import DataFileError, InvalidQueryError, shorten
from .model import Procedure
from .normalize import CODE_IN_TEXT

MAX_QUERY = 500
MAX_LIMIT = 100
CACHE_SIZE = 2048  # answers kept, least recently used dropped first
ENOUGH = 3  # fewer exact hits than this and the typo-tolerant passes run
_CODE_PREFIX = re.compile(r"[Dd]?\d{1,4}")

# Words billers write several ways, one spelling each.
SAME_WORD = {"x-ray": "xray", "x-rays": "xray", "xrays": "xray", "radiograph": "xray",
             "radiographs": "xray", "film": "xray", "films": "xray", "teeth": "tooth"}


_memo: dict[str, str] = {}


def normalize_word(token: str) -> str:
    """Lower case, one spelling, Porter stem; "" for a stop word or a single character.

    Each distinct token is worked out once: the index build meets the same words thousands
    of times. Typed queries add words, so the memo is bounded."""
    word = _memo.get(token)
    if word is None:
        low = token.lower()
        low = SAME_WORD.get(low, low)
        word = "" if len(low) < 2 or low in STOP_WORDS else stem(low)
        if len(_memo) > 100_000:
            _memo.clear()
        _memo[token] = word
    return word


class NormalizeFilter(Filter):
    """normalize_word as a Whoosh filter: the work of the stock lower-case, stop and stem
    filters in one pass, so that the index and the queries read words alike."""

    def __call__(self, tokens):
        for t in tokens:
            word = normalize_word(t.text)
            if word:
                t.text = word
                yield t


# "i&d", "e.max", "x-ray" and "3/4" stay one word; everything else splits on non-word characters.
WORD = r"(?i:x-rays?)|\d+/\d+|\w+(?:[&.]\w+)*"
_WORD = re.compile(WORD)
ANALYZER = RegexTokenizer(WORD) | NormalizeFilter()
FIELDS = ("name", "text")
FUZZY_FIELDS = ("name", "text")


@dataclass(frozen=True)
class Hit:
    code: str
    title: str
    score: float
    category: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "score": round(self.score, 4), "category": self.category}


def analyze(text: str) -> list[str]:
    """The words of ``text`` as the index holds them (the same steps as ANALYZER, without
    Whoosh's token objects)."""
    return [w for w in map(normalize_word, _WORD.findall(text)) if w]


def _schema() -> Schema:
    return Schema(
        # No positions: whole-phrase matches are found through the exact-phrase table instead,
        # which keeps the index build inside the first-search budget.
        code=ID(stored=True, unique=True),
        name=TEXT(analyzer=ANALYZER, field_boost=3.0, phrase=False),
        text=TEXT(analyzer=ANALYZER, field_boost=1.0, phrase=False),
        category=ID(stored=True),
    )


def _document(p: Procedure) -> dict:
    # The name (title and the words billers type) and the summary say what the code is. The
    # guidance lists add little recall for their bulk (they would double the first-search
    # build), and not_for / confused_with describe other codes and would pull those in.
    return {
        "code": p.code.lower(),
        "name": "\n".join((p.title, *p.keywords)),
        "text": p.summary,
        "category": p.category,
    }


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class SearchIndex:
    """A Whoosh index in RAM over the active records, with one reused searcher."""

    def __init__(self, records: dict[str, Procedure]):
        self._records = records
        index = RamStorage().create_index(_schema())
        writer = index.writer(codec=W3Codec(compression=0))  # in RAM: zlib would only cost time
        for proc in records.values():
            if not proc.deleted:
                try:
                    writer.add_document(**_document(proc))
                except (TypeError, AttributeError) as exc:  # a title or keyword that is not text
                    writer.cancel()
                    raise DataFileError(f"The record {proc.code} is damaged ({type(exc).__name__}: {str(exc)[:80]}); "
                                        "`cdt validate` names the file; reinstall cdt-data.") from exc
        writer.commit()
        self._searcher = index.searcher(weighting=scoring.BM25F())
        # A query that is exactly one of a record's keywords or its title puts that record first.
        self._exact: dict[str, list[str]] = {}
        for proc in records.values():
            if not proc.deleted:
                for phrase in (proc.title, *proc.keywords):
                    key = " ".join(analyze(phrase))
                    if key and proc.code not in self._exact.setdefault(key, []):
                        self._exact[key].append(proc.code)
        self._lock = threading.Lock()
        self._cache: OrderedDict = OrderedDict()
        self._vocabulary: set[str] = set()
        reader = self._searcher.reader()
        for field in FIELDS:
            for term in reader.lexicon(field):
                self._vocabulary.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        self._near_table: Optional[dict[str, set[str]]] = None  # built on the first typo

    @property
    def _near(self) -> dict[str, set[str]]:
        """Every vocabulary word of the short fields under each of its one-letter deletions."""
        if self._near_table is None:
            reader = self._searcher.reader()
            near: dict[str, set[str]] = {}
            for field in FUZZY_FIELDS:
                for term in reader.lexicon(field):
                    word = term.decode("utf-8") if isinstance(term, bytes) else term
                    if len(word) >= 4:
                        for variant in _deletes(word) | {word}:
                            near.setdefault(variant, set()).add(word)
            self._near_table = near
        return self._near_table

    # -- the passes -------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, category: Optional[str] = None) -> list[Hit]:
        wanted = _codes_named(query, self._records)
        words = analyze(query)[:32]
        # Billers repeat searches (and the popup searches as they type): answers are kept for
        # the same analysed words, so "Deep cleaning" and "deep  cleaning" share one entry.
        key = (tuple(words), tuple(wanted), limit, category)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return list(cached)
        found = self._search(words, wanted, limit, category)
        with self._lock:
            self._cache[key] = tuple(found)
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def _search(self, words: list[str], wanted: list[str], limit: int, category: Optional[str]) -> list[Hit]:
        hits: dict[str, Hit] = {}
        top = 0.0
        filt = Q.Term("category", category) if category else None
        if words:
            typos = any(w not in self._vocabulary for w in words)
            passes = [lambda: Q.And([self._word(w, fuzzy=False) for w in words])]
            if typos:
                passes.append(lambda: Q.And([self._word(w, fuzzy=True) for w in words]))
            if len(words) > 1:
                passes.append(lambda: Q.Or([self._word(w, fuzzy=True) for w in words]))
            for make in passes:
                for hit in self._run(make(), limit + len(wanted), filt):
                    hits.setdefault(hit.code, hit)
                    top = max(top, hit.score)
                if len(hits) >= ENOUGH:
                    break
        exact = sorted((c for c in self._exact.get(" ".join(words), ()) if c not in wanted),
                       key=lambda c: -hits[c].score if c in hits else 0.0)
        first = [
            Hit(c, self._records[c].title, top + 2.0 if c in wanted else hits[c].score + top if c in hits else top,
                self._records[c].category)
            for c in [*wanted, *exact] if category is None or self._records[c].category == category
        ]
        promoted = {h.code for h in first}
        rest = [h for h in hits.values() if h.code not in promoted]
        return (first + rest)[:limit]

    def suggest(self, prefix: str, limit: int = 10) -> list[Hit]:
        words = analyze(prefix)
        if not words:
            return []
        *done, last = words
        # The last word is being typed: match it as a prefix, unstemmed.
        raw_last = _WORD.findall(prefix.lower())[-1]  # the prefix as typed, unstemmed
        # Everyone typing "crown" sends "cr", "cro", "crow": answers are kept in the same
        # bounded cache as searches, under the words that decide them.
        key = ("suggest", tuple(done), last, raw_last, limit)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return list(cached)
        typing = Q.Or([Q.Prefix("name", raw_last), Q.Term("name", last)])
        q = Q.And([self._word(w, fuzzy=False) for w in done] + [typing]) if done else typing
        found = self._run(q, limit, None)
        with self._lock:
            self._cache[key] = tuple(found)
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def _word(self, word: str, fuzzy: bool) -> Q.Query:
        terms = {word}
        if fuzzy and word not in self._vocabulary and len(word) >= 4:
            terms |= self._close(word)
        return Q.Or([Q.Term(f, t) for f in FIELDS for t in sorted(terms)])

    def _close(self, word: str) -> set[str]:
        found: set[str] = set()
        for variant in _deletes(word) | {word}:
            found |= self._near.get(variant, set())
        if len(word) < 6:  # short words: only a true single edit
            found = {w for w in found if _one_edit(word, w)}
        return found

    def _run(self, q: Q.Query, limit: int, filt) -> list[Hit]:
        with self._lock:
            results = self._searcher.search(q, limit=limit, filter=filt)
            return [
                Hit(proc.code, proc.title, float(r.score), proc.category)
                for r, proc in ((r, self._records[r["code"].upper()]) for r in results)
            ]


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _codes_named(query: str, records: dict[str, Procedure]) -> list[str]:
    """Codes typed in the query ("D0371", or a bare "0371" as the whole query), in order."""
    named = ["D" + m for m in CODE_IN_TEXT.findall(query)]
    stripped = query.strip()
    if not named and stripped.isdigit() and len(stripped) == 4:
        named = ["D" + stripped]
    seen: list[str] = []
    for code in named:
        if code in records and code not in seen:
            seen.append(code)
    return seen


def check_query(query: object, limit: object, what: str = "search query") -> str:
    if not isinstance(query, str):
        raise InvalidQueryError(f"A {what} is text, not {type(query).__name__} {shorten(query)}.")
    if len(query) > MAX_QUERY:
        raise InvalidQueryError(f"A {what} is at most {MAX_QUERY} characters; this one has {len(query)}.")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidQueryError(f"limit is a whole number from 1 to {MAX_LIMIT}, not {shorten(limit)}.")
    return query


def code_prefix(text: str) -> Optional[str]:
    """'D03' or '037' typed into a search box: the code prefix it means, else None."""
    stripped = text.strip()
    if _CODE_PREFIX.fullmatch(stripped):
        digits = stripped.lstrip("Dd")
        return "D" + digits
    return None


def prefix_hits(prefix: str, records: Iterable[Procedure], limit: int) -> list[Hit]:
    out = []
    for proc in records:
        if proc.code.startswith(prefix) and not proc.deleted:
            out.append(Hit(proc.code, proc.title, 1.0, proc.category))
            if len(out) >= limit:
                break
    return out
