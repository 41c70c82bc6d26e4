"""Building the search table from the records and cdt_data/search_data/ (once per package
version and data fingerprint; search_cache keeps the result).

Scores are Whoosh's BM25F (``whoosh.scoring.BM25F``, B=0.75, K1=1.2; idf = ln(N / (df + 1)) + 1)
over two fields: ``name`` (title, keywords and our extra lay terms, boost 3) and ``text`` (the
summary, boost 1). A word's impact on a record is the sum over both fields, which is what Whoosh
gives an ``Or([Term("name", w), Term("text", w)])``; tests/test_search_engine.py holds the two
equal on the live records.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from importlib.resources import files
from typing import Iterable

from .fulltext import KIND_OF_WORD, analyze, normalize_word, raw_words

FORMAT = 3  # bump when the table's shape or scoring changes: older cache files are then rebuilt
B = 0.75
K1 = 1.2
FIELD_BOOST = {"name": 3.0, "text": 1.0}


def search_data(name: str) -> dict:
    return json.loads(files(__package__).joinpath("search_data", name).read_text(encoding="utf-8"))


def _bm25(idf: float, tf: float, fl: float, avgfl: float) -> float:
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def _stored_length(n: int) -> int:
    """A field length as Whoosh stores it (one byte, lossy above 14 words), which is the length
    its BM25F uses; the average uses the exact total, as Whoosh's does."""
    from whoosh.util.numeric import byte_to_length, length_to_byte
    return byte_to_length(length_to_byte(n))


def tiers(codes: Iterable[str]) -> dict[str, int]:
    """Each code's commonness tier (1 daily ... 4 rare; 3 when not listed)."""
    data = search_data("commonness.json")
    listed = {c: int(t) for t, table in data["tiers"].items() for c in table}
    rare = data["rare"]
    out = {}
    for code in codes:
        tier = listed.get(code, 3)
        if code in rare["codes"] or any(lo <= code <= hi for lo, hi, _why in rare["ranges"]):
            tier = 4
        out[code] = tier
    return out


def build_table(records: dict) -> dict:
    """The search table of ``records`` (code -> Procedure), as plain JSON-able data."""
    codes = sorted(records)
    doc_of = {c: i for i, c in enumerate(codes)}
    extra = search_data("lay_terms.json")["terms"]
    names: dict[int, list[str]] = {}
    fields: dict[str, dict[int, list[str]]] = {"name": {}, "text": {}}
    for code in codes:
        proc = records[code]
        if proc.deleted:
            continue
        doc = doc_of[code]
        names[doc] = [proc.title, *proc.keywords, *(term for term, _why in extra.get(code, ()))]
        fields["name"][doc] = analyze("\n".join(names[doc]))
        fields["text"][doc] = analyze(proc.summary)
    n_docs = len(names)
    impacts: dict[str, dict[int, float]] = {}
    for field, docs in fields.items():
        boost = FIELD_BOOST[field]
        counts = {doc: Counter(words) for doc, words in docs.items()}
        df = Counter(word for c in counts.values() for word in c)
        avgfl = (sum(len(words) for words in docs.values()) / n_docs) or 1.0
        for doc, c in counts.items():
            fl = _stored_length(len(docs[doc]))
            for word, tf in c.items():
                idf = math.log(n_docs / (df[word] + 1)) + 1
                score = _bm25(idf, tf * boost, fl, avgfl)
                row = impacts.setdefault(word, {})
                row[doc] = row.get(doc, 0.0) + score
    postings = {w: [list(row), [round(s, 6) for s in row.values()]] for w, row in sorted(impacts.items())}

    vocabulary: dict[str, str] = {}  # every word as written (lower case) -> its index word
    for doc in names:
        for text in (*names[doc], records[codes[doc]].summary):
            for raw in raw_words(text):
                if raw not in vocabulary:
                    vocabulary[raw] = normalize_word(raw)
    exact: dict[str, list[int]] = {}
    name_words: dict[str, list[int]] = {}
    for doc, phrases in names.items():
        for phrase in phrases:
            key = " ".join(analyze(phrase))
            if key and doc not in exact.setdefault(key, []):
                exact[key].append(doc)
            for raw in raw_words(phrase):
                if doc not in name_words.setdefault(raw, []):
                    name_words[raw].append(doc)

    families: dict[str, list[int]] = {}
    for family in search_data("families.json")["families"]:
        senses = [[doc_of[c] for c in s["codes"] if c in doc_of and doc_of[c] in names] for s in family["senses"]]
        order = [s[0] for s in senses if s]  # each sense's best code first
        order += [d for s in senses for d in s[1:] if d not in order]
        for phrase in family["say"]:
            key = " ".join(analyze(phrase))
            if key and order:
                families.setdefault(key, order)

    kinds = {doc: sorted({KIND_OF_WORD[w] for w in fields["name"][doc] if w in KIND_OF_WORD}) for doc in names}
    tier = tiers(codes)
    return {
        "codes": codes,
        "titles": [records[c].title for c in codes],
        "categories": [records[c].category for c in codes],
        "deleted": [1 if records[c].deleted else 0 for c in codes],
        "tiers": [tier[c] for c in codes],
        "postings": postings,
        "exact": exact,
        "families": families,
        "names": name_words,
        "vocabulary": vocabulary,
        "kinds": [kinds.get(i, []) for i in range(len(codes))],
    }
