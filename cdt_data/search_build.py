"""Building the search table from the records and cdt_data/search_data/ (once per package
version and data fingerprint; search_cache keeps the result).

The scores come from a real Whoosh index of two fields, ``name`` (title, keywords and our extra
lay terms, boost 3) and ``text`` (the summary, boost 1), read posting by posting through
Whoosh's own BM25F scorer (``whoosh.scoring.BM25F``). A word's impact on a record is the sum over
both fields, which is what Whoosh gives ``Or([Term("name", w), Term("text", w)])``: the table is
Whoosh's ranking, worked out once and kept, so that a query is a few dictionary look-ups
(docs/decisions/0009). tests/test_search_engine.py holds it equal to Whoosh's search results.
"""
from __future__ import annotations

import json
from importlib.resources import files
from typing import Iterable

from .errors import DataFileError
from .fulltext import KIND_OF_WORD, analyze, normalize_word, raw_words

FORMAT = 4  # bump when the table's shape or scoring changes: older cache files are then rebuilt
FIELD_BOOST = {"name": 3.0, "text": 1.0}


def search_data(name: str) -> dict:
    return json.loads(files(__package__).joinpath("search_data", name).read_text(encoding="utf-8"))


def _whoosh_impacts(names: dict[int, list[str]], summaries: dict[int, str]) -> dict[str, dict[int, float]]:
    """Every (word, record) score of a Whoosh index of the records, from Whoosh's BM25F scorer."""
    from whoosh import scoring
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    from .fulltext import ANALYZER

    schema = Schema(doc=ID(stored=True), name=TEXT(analyzer=ANALYZER, field_boost=FIELD_BOOST["name"]),
                    text=TEXT(analyzer=ANALYZER, field_boost=FIELD_BOOST["text"]))
    index = RamStorage().create_index(schema)
    writer = index.writer()
    for doc, phrases in names.items():
        writer.add_document(doc=str(doc), name="\n".join(phrases), text=summaries[doc])
    writer.commit()
    impacts: dict[str, dict[int, float]] = {}
    with index.searcher(weighting=scoring.BM25F()) as searcher:
        doc_of = {n: int(searcher.stored_fields(n)["doc"]) for n in range(searcher.doc_count_all())}
        for field in ("name", "text"):
            for term in searcher.lexicon(field):
                word = term.decode("utf-8")
                matcher = searcher.postings(field, term)  # scored by the searcher's BM25F
                row = impacts.setdefault(word, {})
                while matcher.is_active():
                    doc = doc_of[matcher.id()]
                    row[doc] = row.get(doc, 0.0) + matcher.score()
                    matcher.next()
    return impacts


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
        try:
            fields["name"][doc] = analyze("\n".join(names[doc]))
            fields["text"][doc] = analyze(proc.summary)
        except (TypeError, AttributeError) as exc:  # a title, keyword or summary that is not text
            raise DataFileError(f"The record {code} is damaged ({type(exc).__name__}: {str(exc)[:80]}); "
                                "`cdt validate` names the file; reinstall cdt-data.") from exc
    impacts = _whoosh_impacts(names, {doc: records[codes[doc]].summary for doc in names})
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
