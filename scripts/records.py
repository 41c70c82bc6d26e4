#!/usr/bin/env python3
"""Edit-time tool for the record files in cdt_data/records/.

    python scripts/records.py fmt   [FILE ...]   rewrite files in canonical form (key order, indent)
    python scripts/records.py check [FILE ...]   schema, reference list, cross references, repeats
    python scripts/records.py added              set edition.added (and its source) from reference/cdt_added.tsv

With no FILE, every file under cdt_data/records/. Cross references are checked against the
reference lists in reference/ (a code may point at any active or deleted CDT code, in any
category); repeated sentences are counted across the files given.
"""
from __future__ import annotations

import collections
import csv
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cdt_data.schema import FIELD_ORDER, RECORD_SCHEMA  # noqa: E402

RECORDS = ROOT / "cdt_data" / "records"
CODE = re.compile(r"\bD\d{4}\b")


def reference(name):
    with open(ROOT / "reference" / name, newline="") as f:
        return {row["code"]: row for row in csv.DictReader(f, delimiter="\t")}


def files(args):
    return [pathlib.Path(a) for a in args] or sorted(RECORDS.rglob("*.json"))


def canonical(record):
    ordered = {k: record[k] for k in FIELD_ORDER if k in record}
    extra = set(record) - set(FIELD_ORDER)
    if extra:
        raise SystemExit(f"{record.get('code')}: unknown fields {sorted(extra)}")
    return ordered


def fmt(paths):
    for path in paths:
        records = json.loads(path.read_text(encoding="utf-8"))
        records = sorted((canonical(r) for r in records), key=lambda r: r["code"])
        path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"formatted {len(paths)} file(s)")


def sentences(text):
    for s in re.split(r"(?<=[.!?])\s+", text):
        words = re.findall(r"[a-z0-9]+", CODE.sub("CODE", s.lower()))
        if len(words) >= 8:
            yield " ".join(words)


def prose(value, key=None):
    if key in ("code", "category", "subcategory", "keywords", "edition", "requires", "related", "caveats", "review"):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from prose(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from prose(v)


def check(paths):
    active, deleted = reference("cdt_codes.tsv"), reference("cdt_deleted_codes.tsv")
    known = set(active) | set(deleted)
    notes = set(json.loads((ROOT / "cdt_data" / "caveats.json").read_text(encoding="utf-8")))
    refs = {key for path in sorted((ROOT / "cdt_data" / "sources").glob("*.json"))
            for key in json.loads(path.read_text(encoding="utf-8"))}
    problems, seen, titles = [], collections.defaultdict(set), collections.defaultdict(list)
    count = 0
    for path in paths:
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(f"{path}: not JSON: {exc}")
            continue
        for raw in records:
            count += 1
            code = raw.get("code", "?")
            errors = RECORD_SCHEMA.validate(raw)
            if errors:
                problems.append(f"{path.name} {code}: {errors}")
                continue
            ref = active.get(code) or deleted.get(code)
            if ref is None:
                problems.append(f"{code}: not in the reference lists")
            elif ref["category"] != raw["category"]:
                problems.append(f"{code}: category {raw['category']!r}, reference says {ref['category']!r}")
            is_deleted = bool(raw["edition"].get("deleted"))
            if code in active and is_deleted:
                problems.append(f"{code}: active in the reference list but marked deleted")
            if code in deleted and not is_deleted:
                problems.append(f"{code}: deleted in the reference list but not marked deleted")
            targets = [c["code"] for c in raw.get("confused_with", [])] + raw.get("related", []) \
                + raw["edition"].get("replaced_by", [])
            problems += [f"{code}: caveat {n!r} is not in caveats.json" for n in raw.get("caveats", []) if n not in notes]
            problems += [f"{code}: source {r!r} is not in cdt_data/sources/"
                         for r in (raw.get("review") or {}).get("sources", []) + [raw["edition"].get("added_source")]
                         if r and r not in refs]
            for t in targets:
                if t not in known:
                    problems.append(f"{code}: refers to {t}, which is not a CDT code")
            for text in prose(raw):
                for s in sentences(text):
                    seen[s].add(code)
            titles[raw["title"].strip().lower()].append(code)
    for s, codes in seen.items():
        if len(codes) > 3:
            problems.append(f"sentence in {len(codes)} records ({' '.join(sorted(codes)[:6])}): {s[:100]}")
    for t, codes in titles.items():
        if len(codes) > 1:
            problems.append(f"title shared by {' '.join(codes)}: {t}")
    for p in problems:
        print(p)
    print(f"checked {count} record(s) in {len(paths)} file(s): {len(problems)} problem(s)")
    return 1 if problems else 0


def added(paths):
    """edition.added and edition.added_source from the reference table, the one place they are
    researched (how: cdt_data/records/PROVENANCE.md, "Edition years")."""
    table = reference("cdt_added.tsv")
    changed = 0
    for path in paths:
        records = json.loads(path.read_text(encoding="utf-8"))
        for record in records:
            row = table.get(record["code"])
            if row is None:
                raise SystemExit(f"{record['code']}: no row in reference/cdt_added.tsv")
            value = int(row["added"]) if row["added"].isdigit() else row["added"]
            source = row["source"]
            if record["edition"].get("added") != value or record["edition"].get("added_source") != source:
                record["edition"]["added"] = value
                record["edition"]["added_source"] = source
                changed += 1
        path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"edition.added set on {changed} record(s)")
    fmt(paths)


if __name__ == "__main__":
    commands = {"fmt": fmt, "check": check, "added": added}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        raise SystemExit(__doc__)
    sys.exit(commands[sys.argv[1]](files(sys.argv[2:])))
