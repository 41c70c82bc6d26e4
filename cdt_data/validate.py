"""Whole-data validation: every record through the schema, and the records against each other."""
from __future__ import annotations

import collections

from .normalize import normalize_code


def problems(store) -> list[str]:
    """Everything wrong with the shipped data, as sentences; empty when the data is sound."""
    from .schema import RECORD_SCHEMA  # marshmallow is needed only here, not for lookups

    found: list[str] = []
    raw_records: dict[str, dict] = {}
    for where, raw in store.record_files():
        if not isinstance(raw, list):
            found.append(f"{where}: the file must hold a list of records")
            continue
        folder = where.split("/")[0]
        for item in raw:
            code = item.get("code", "?") if isinstance(item, dict) else "?"
            errors = RECORD_SCHEMA.validate(item) if isinstance(item, dict) else {"_": ["not an object"]}
            if errors:
                found.append(f"{where} {code}: {errors}")
                continue
            if code in raw_records:
                found.append(f"{where} {code}: appears twice")
            raw_records[code] = item
            try:
                category = _category_of(store, code)
            except LookupError as exc:
                found.append(f"{where} {code}: {exc}")
                continue
            if item["category"] != category.name:
                found.append(f"{where} {code}: category is {item['category']!r}; the code's range is {category.name!r}")
            if folder != category.slug:
                found.append(f"{where} {code}: belongs in the folder {category.slug}/")
            if item["subcategory"] not in {s.name for s in category.subcategories}:
                found.append(f"{where} {code}: {item['subcategory']!r} is not a subcategory of {category.name}")

    notes, refs = set(store.caveats), set(store.sources)
    titles = collections.defaultdict(list)
    for code, item in raw_records.items():
        for name in item.get("caveats", []):
            if name not in notes:
                found.append(f"{code}: caveat {name!r} is not in caveats.json")
        for ref in (item.get("review") or {}).get("sources", []) + [item["edition"].get("added_source")] * bool(
                item["edition"].get("added_source")):
            if ref not in refs:
                found.append(f"{code}: source {ref!r} is not in cdt_data/sources/")
        titles[item["title"].strip().lower()].append(code)
        edition = item["edition"]
        targets = [c["code"] for c in item.get("confused_with", [])] + item.get("related", []) \
            + edition.get("replaced_by", [])
        for target in targets:
            if target not in raw_records:
                found.append(f"{code}: refers to {target}, which has no record")
        for target in edition.get("replaced_by", []):
            if target in raw_records and raw_records[target]["edition"].get("deleted"):
                found.append(f"{code}: replaced by {target}, which is itself deleted")
    for title, same in titles.items():
        if len(same) > 1:
            found.append(f"{' '.join(same)} share the title {title!r}")
    return found


def shipped_problems() -> list[str]:
    """problems() of the records this package ships (what ``cdt validate`` prints)."""
    import cdt_data
    return problems(cdt_data._store)


def _category_of(store, code: str):
    code = normalize_code(code)
    for cat in store.categories:
        if cat.start <= code <= cat.end:
            return cat
    raise LookupError(f"{code} lies outside every category range")
