"""Full-text search over the records: every plausible code for a biller's words, the common one first.

User input is never parsed as query syntax: it is cut into words with the same analyzer that read
the records, and scored here, so quotes, brackets, ``*``, ``AND`` and ``:`` are just characters.

The index is a Whoosh index (title and keywords weighted 3, summary 1) whose BM25F scores are read
once, posting by posting, into an impact table: for every word, the records that hold it with
Whoosh's score (cdt_data.search_build), kept in the user's cache directory
(cdt_data.search_cache). A query adds up table entries: no query objects, no matchers, no lock.

Ranking, best first (docs/decisions/0009-search-families-and-commonness.md):
1. codes typed in the query;
2. the family the query names (cdt_data/search_data/families.json): each sense's best code, then
   the rest of the family, curated most-billed first;
3. records whose title or a keyword is exactly the query;
4. every other record holding the words: more of the query's words first, then BM25F score
   times a commonness prior (search_data/commonness.json), so that for an ambiguous query the
   codes billed every day come before rare ones.
A word is also searched through its alternatives (search_data/words.json) at a lower weight, and
a word the records never use through the vocabulary words one edit away (deletion, insertion,
substitution or transposition).
"""
from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from importlib.resources import files
from typing import Optional

from whoosh.lang.porter import stem

from .errors import InvalidQueryError, shorten
from .normalize import CODE_IN_TEXT

MAX_QUERY = 500
MAX_LIMIT = 100
MAX_WORDS = 32
CACHE_SIZE = 2048  # answers kept, least recently used dropped first
_CODE_PREFIX = re.compile(r"[Dd]?\d{1,4}")

# Whoosh's STOP_WORDS (whoosh.analysis.filters), copied: importing whoosh.analysis costs 13 ms.
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it",
    "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with",
    "yet", "you", "your"))

# Weights of a word's other forms against the word itself.
ALTERNATIVE_WEIGHT = 0.6  # a word listed in words.json "alternatives"
TYPO_WEIGHT = 0.8  # a vocabulary word one edit from a word the records never use
# The commonness prior multiplies a record's text score: tier 1 billed daily ... tier 4 rare.
PRIOR = {1: 1.6, 2: 1.3, 3: 1.0, 4: 0.6}
FAMILY_PART = 0.5  # a family phrase that is part of a longer query lifts its codes by this share


def _load_words() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    data = json.loads(files(__package__).joinpath("search_data", "words.json").read_text(encoding="utf-8"))
    same = {k: v[0] for k, v in data["same_word"].items()}
    alternatives = {k: tuple(w for w, _why in v) for k, v in data["alternatives"].items()}
    return same, alternatives


SAME_WORD, ALTERNATIVES = _load_words()
_memo: dict[str, str] = {}


def normalize_word(token: str) -> str:
    """Lower case, one spelling, Porter stem; "" for a stop word or a single character.

    Each distinct token is worked out once: the index build meets the same words thousands
    of times. Typed queries add words, so the memo is bounded."""
    word = _memo.get(token)
    if word is None:
        low = token.lower()
        low = SAME_WORD.get(low, low)
        # Words of three letters or fewer are abbreviations ("GA", "PA", "SSC"): not stemmed,
        # so that "GA" does not meet "gas".
        word = "" if len(low) < 2 or low in STOP_WORDS else low if len(low) <= 3 else stem(low)
        if len(_memo) > 100_000:
            _memo.clear()
        _memo[token] = word
    return word


# "i&d", "e.max", "x-ray" and "3/4" stay one word; everything else splits on non-word characters.
WORD = r"(?i:x-rays?)|\d+/\d+|\w+(?:[&.]\w+)*"
_WORD = re.compile(WORD)


def analyze(text: str) -> list[str]:
    """The words of ``text`` as the index holds them."""
    return [w for w in map(normalize_word, _WORD.findall(text)) if w]


def raw_words(text: str) -> list[str]:
    """The words of ``text`` lower-cased but not stemmed (what autocomplete matches prefixes on)."""
    return _WORD.findall(text.lower())


def __getattr__(name: str):
    """ANALYZER (and its NormalizeFilter): the same analysis as a Whoosh analyzer, for code that
    wants one; made on first use, as importing whoosh.analysis costs 13 ms."""
    if name in ("ANALYZER", "NormalizeFilter"):
        from whoosh.analysis import Filter, RegexTokenizer

        class NormalizeFilter(Filter):
            def __call__(self, tokens):
                for t in tokens:
                    word = normalize_word(t.text)
                    if word:
                        t.text = word
                        yield t

        NormalizeFilter.__qualname__ = "NormalizeFilter"  # picklable by name, as Whoosh schemas are
        globals()["NormalizeFilter"] = NormalizeFilter
        globals()["ANALYZER"] = RegexTokenizer(WORD) | NormalizeFilter()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- what the query says beyond its words: tooth numbers and surfaces ----------------------------
_TOOTH = re.compile(r"(?:#\s*|\b(?i:tooth|teeth|tooth\s+number)\s*#?\s*)(\d{1,2}|[A-T])\b")
_SURFACES = re.compile(r"\b([MODBLFI]{2,5})\b")
_SURFACE_WORDS = {2: "two surfaces", 3: "three surfaces", 4: "four surfaces", 5: "four surfaces"}


def tooth_kind(tooth: str) -> Optional[str]:
    """'molar', 'premolar' or 'anterior' (with 'primary' for A-T) for a Universal tooth number."""
    if tooth.isdigit():
        n = int(tooth)
        if not 1 <= n <= 32:
            return None
        pos = n if n <= 16 else 33 - n  # mirror the lower arch onto the upper: 1-16
        return "molar" if pos <= 3 or pos >= 14 else "premolar" if pos in (4, 5, 12, 13) else "anterior"
    letter = tooth.upper()
    pos = ord(letter) - ord("A") + 1 if letter <= "J" else ord("T") - ord(letter) + 1
    return "primary molar" if pos in (1, 2, 9, 10) else "primary anterior"


_RESTORATIVE = frozenset(("composit", "amalgam", "fill", "resin", "restor", "inlai", "onlai", "silver", "white"))


def read_query(query: str) -> tuple[list[str], list[str], list[str]]:
    """The query's typed words (raw, as typed, and analysed) and the words it implies: a tooth
    number names the tooth's kind ("#19" -> molar), a surface string next to a filling word names
    its surface count ("MOD composite" -> three surfaces). Tooth numbers are not kept as words."""
    implied: list[str] = []

    def tooth(m: re.Match) -> str:
        kind = tooth_kind(m.group(1))
        if kind is None:
            return m.group(0)
        implied.extend(analyze(kind))
        return " "

    rest = _TOOTH.sub(tooth, query)
    raw: list[str] = []
    words: list[str] = []
    for token in _WORD.findall(rest):
        word = normalize_word(token)
        if word:
            raw.append(token.lower())
            words.append(word)
    # A code typed beside words ("D4341 deep cleaning") is found as that code (codes_named); the
    # words are read as if typed alone, so a family or a title they name still matches.
    plain = [i for i, r in enumerate(raw) if not CODE_IN_TEXT.fullmatch(r)]
    if plain and len(plain) < len(raw):
        raw, words = [raw[i] for i in plain], [words[i] for i in plain]
    if _RESTORATIVE.intersection(words):
        for m in _SURFACES.finditer(rest):
            letters = m.group(1)
            if len(set(letters)) == len(letters):
                implied.extend(analyze(_SURFACE_WORDS[len(letters)]))
    implied = [w for w in dict.fromkeys(implied) if w not in words]
    return raw[:MAX_WORDS], words[:MAX_WORDS], implied[:MAX_WORDS]


@dataclass(frozen=True)
class Hit:
    code: str
    title: str
    score: float
    category: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "score": round(self.score, 4), "category": self.category}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one deletion, insertion, substitution or adjacent transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# Words that say nothing about which code is meant when they stand beside a family's name
# ("crown on tooth", "dental implant", "code for SRP").
GENERIC = frozenset(("tooth", "dental", "code", "procedur", "cdt", "bill"))
# Tooth kinds a record can be limited to, by the words of its title and keywords.
KIND_OF_WORD = {"molar": "molar", "premolar": "premolar", "anterior": "anterior", "incisor": "anterior",
                "canin": "anterior", "front": "anterior"}


class SearchIndex:
    """The impact table of the active records, ready to answer; built by search_build, read from
    the cache by search_cache. Read-only once made, so searches need no lock (only the answer
    cache and the lazily built typo tables take one, briefly)."""

    def __init__(self, table: dict):
        self.codes: list[str] = table["codes"]
        self.titles: list[str] = table["titles"]
        self.categories: list[str] = table["categories"]
        self.active: list[bool] = [not d for d in table["deleted"]]
        self.prior: list[float] = [PRIOR[t] for t in table["tiers"]]
        self.kinds: list[tuple[str, ...]] = [tuple(k) for k in table["kinds"]]
        self.doc_of = {c: i for i, c in enumerate(self.codes)}
        self.postings: dict[str, dict[int, float]] = {t: dict(zip(docs, scores))
                                                      for t, (docs, scores) in table["postings"].items()}
        self.exact: dict[str, list[int]] = table["exact"]
        self.families: dict[str, list[int]] = table["families"]
        self.names: dict[str, list[int]] = table["names"]
        self.vocabulary: dict[str, str] = table["vocabulary"]  # every word as written -> its index word
        self._name_words = sorted(self.names)
        self._raw_words: Optional[list[str]] = None
        self._lock = threading.Lock()
        self._cache: OrderedDict = OrderedDict()
        self._near_table: Optional[dict[str, list[str]]] = None  # built on the first typo

    # -- the words ------------------------------------------------------------------------
    @property
    def _near(self) -> dict[str, list[str]]:
        """Every word as written in the records (four letters or more) under each of its
        one-letter deletions: a typo and its word share an entry."""
        near = self._near_table
        if near is None:
            with self._lock:
                if self._near_table is None:
                    table: dict[str, list[str]] = {}
                    for word in self.vocabulary:
                        if len(word) >= 4:
                            for variant in _deletes(word) | {word}:
                                table.setdefault(variant, []).append(word)
                    self._raw_words = sorted(self.vocabulary)
                    self._near_table = table
                near = self._near_table
        return near

    def close_words(self, raw: str) -> set[str]:
        """Index words of the written words one edit from ``raw``, or that ``raw`` is the start
        of ("maint" -> maintenance)."""
        near = self._near
        found: set[str] = set()
        for variant in _deletes(raw) | {raw}:
            found.update(w for w in near.get(variant, ()) if one_edit(raw, w))
        if len(raw) >= 4:
            words = self._raw_words
            i = bisect_left(words, raw)
            while i < len(words) and words[i].startswith(raw):
                found.add(words[i])
                i += 1
        return {self.vocabulary[w] for w in found} - {""}

    def _forms(self, raw: str, word: str) -> list[tuple[str, float]]:
        """The index words that stand for a query word, with their weights."""
        forms: list[tuple[str, float]] = []
        if word in self.postings:
            forms.append((word, 1.0))
        elif len(raw) >= 4 and not raw.isdigit():
            forms.extend((w, TYPO_WEIGHT) for w in sorted(self.close_words(raw)) if w in self.postings)
        for alt in ALTERNATIVES_STEMMED.get(word, ()):
            if alt in self.postings and alt != word:
                forms.append((alt, ALTERNATIVE_WEIGHT))
        return forms

    def _corrected(self, raw: str, word: str) -> str:
        """The word, or for a word the records never use, the most used index word among its
        close words (for matching whole phrases: families and exact titles or keywords)."""
        if word in self.postings or len(raw) < 4 or raw.isdigit():
            return word
        close = [w for w in self.close_words(raw) if w in self.postings]
        return max(sorted(close), key=lambda w: len(self.postings[w])) if close else word

    def _scores(self, raw: str, word: str) -> dict[int, float]:
        forms = self._forms(raw, word)
        if len(forms) == 1 and forms[0][1] == 1.0:
            return self.postings[forms[0][0]]
        out: dict[int, float] = {}
        for term, weight in forms:
            for doc, score in self.postings[term].items():
                score *= weight
                if score > out.get(doc, 0.0):
                    out[doc] = score
        return out

    def _phrase_match(self, table: dict, words: list[str]):
        """The entry of ``table`` for the words, or for the words without generic ones."""
        found = table.get(" ".join(words))
        if found is None:
            kept = [w for w in words if w not in GENERIC]
            if kept and len(kept) < len(words):
                found = table.get(" ".join(kept))
        return found or ()

    # -- search -----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, category: Optional[str] = None) -> list[Hit]:
        wanted = codes_named(query, self.doc_of)
        raw, words, implied = read_query(query)
        # Billers repeat searches (and the popup searches as they type): answers are kept for
        # the same analysed words, so "Deep cleaning" and "deep  cleaning" share one entry.
        key = (tuple(raw), tuple(implied), tuple(wanted), limit, category)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return list(cached)
        found = self._search(raw, words, implied, wanted, limit, category)
        with self._lock:
            self._cache[key] = tuple(found)
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def _search(self, raw: list[str], words: list[str], implied: list[str], wanted: list[int], limit: int,
                category: Optional[str]) -> list[Hit]:
        allowed = (lambda d: self.categories[d] == category) if category else (lambda d: True)
        total: dict[int, float] = {}
        matched: dict[int, int] = {}
        for r, word in [*zip(raw, words), *zip(implied, implied)]:
            for doc, score in self._scores(r, word).items():
                total[doc] = total.get(doc, 0.0) + score
                matched[doc] = matched.get(doc, 0) + 1
        typed = [self._corrected(r, w) for r, w in zip(raw, words)]
        family = self._phrase_match(self.families, typed)
        exact = self._phrase_match(self.exact, typed)
        # A family named inside a longer query ("crown molar") lifts its codes among the hits.
        if not family and len(typed) > 1:
            for i in range(len(typed)):
                for j in range(min(len(typed), i + 4), i, -1):
                    part = self.families.get(" ".join(typed[i:j]))
                    if part:
                        lift = 1.0 + FAMILY_PART * (j - i) / len(typed)
                        for doc in part:
                            if doc in total:
                                total[doc] *= lift
                        break
        kind = next((KIND_OF_WORD[w] for w in implied if w in KIND_OF_WORD), None)
        if kind and family:  # "root canal #8": the family's codes for other kinds of tooth go last
            family = sorted(family, key=lambda d: bool(self.kinds[d]) and kind not in self.kinds[d])
        prior = self.prior
        ranked = sorted((d for d in total if allowed(d)),
                        key=lambda d: (-matched[d], -total[d] * prior[d], d))
        top = total[ranked[0]] * prior[ranked[0]] if ranked else 1.0
        exact = sorted(exact, key=lambda d: (-total.get(d, 0.0) * prior[d], d))
        out: list[Hit] = []
        seen: set[int] = set()
        for rank, (group, bonus) in enumerate(((wanted, 3.0), (family, 2.0), (exact, 1.0), (ranked, 0.0))):
            for doc in group:
                if doc in seen or not allowed(doc):
                    continue
                seen.add(doc)
                score = total.get(doc, 0.0) * prior[doc] + bonus * top
                out.append(Hit(self.codes[doc], self.titles[doc], score, self.categories[doc]))
                if len(out) >= limit:
                    return out
        return out

    # -- autocomplete -----------------------------------------------------------------------
    def suggest(self, prefix: str, limit: int = 10) -> list[Hit]:
        typed = raw_words(prefix)
        if not typed:
            return []
        last = typed[-1]
        # The last word is being typed: any title or keyword word that starts with it, each
        # such word counting once; the whole word, if it is one, scores as in a search.
        candidates: dict[int, float] = {}
        words = self._name_words
        i = bisect_left(words, last)
        while i < len(words) and words[i].startswith(last):
            for doc in self.names[words[i]]:
                candidates[doc] = candidates.get(doc, 0.0) + 1.0
            i += 1
        for doc, score in self.postings.get(normalize_word(last), {}).items():
            candidates[doc] = candidates.get(doc, 0.0) + score
        for raw in typed[:-1]:
            word = normalize_word(raw)
            if word:
                scores = self._scores(raw, word)
                candidates = {d: s + scores[d] for d, s in candidates.items() if d in scores}
        prior = self.prior
        ranked = sorted(candidates, key=lambda d: (-candidates[d] * prior[d], d))[:limit]
        return [Hit(self.codes[d], self.titles[d], candidates[d] * prior[d], self.categories[d]) for d in ranked]

    def code_hits(self, prefix: str, limit: int, category: Optional[str] = None) -> list[Hit]:
        """Active codes that start with ``prefix`` ("D03"), in code order."""
        out = []
        for doc in range(bisect_left(self.codes, prefix), len(self.codes)):
            code = self.codes[doc]
            if not code.startswith(prefix):
                break
            if self.active[doc] and (category is None or self.categories[doc] == category):
                out.append(Hit(code, self.titles[doc], 1.0, self.categories[doc]))
                if len(out) >= limit:
                    break
        return out


ALTERNATIVES_STEMMED: dict[str, tuple[str, ...]] = {}
for _word, _alts in ALTERNATIVES.items():
    _key = normalize_word(_word)
    if _key:
        ALTERNATIVES_STEMMED[_key] = tuple(dict.fromkeys(
            ALTERNATIVES_STEMMED.get(_key, ()) + tuple(w for a in _alts for w in analyze(a))))


def codes_named(query: str, doc_of: dict[str, int]) -> list[int]:
    """Records of the codes typed in the query ("D0371", or a bare "0371" as the whole query),
    in order. A longer run of digits ("D03711") names no code."""
    named = ["D" + m for m in CODE_IN_TEXT.findall(query)]
    stripped = query.strip()
    if not named and stripped.isdigit() and len(stripped) == 4:
        named = ["D" + stripped]
    seen: list[int] = []
    for code in named:
        doc = doc_of.get(code)
        if doc is not None and doc not in seen:
            seen.append(doc)
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
