"""The record schema at its edges: bounded years, review and caveat ids."""
import copy

import pytest

import cdt_data
from cdt_data.schema import RECORD_SCHEMA


def _raw():
    return copy.deepcopy(cdt_data.get("D4322").to_dict())


@pytest.mark.parametrize("added, ok", [
    (2022, True), ("before 2003", True), ("before 1999", True), (None, True),
    ("after 2003", False), ("before 03", False), ("2003", False), (True, False), (1989, False), (2101, False),
])
def test_added_is_a_year_or_a_before_bound(added, ok):
    raw = _raw()
    raw.pop("status")
    raw["edition"]["added"] = added
    assert (RECORD_SCHEMA.validate(raw) == {}) is ok


@pytest.mark.parametrize("review, ok", [
    ({"date": "2026-12-06", "sources": ["dx-some-source"]}, True),
    (None, True),
    ({"date": "2026-12-06", "sources": []}, False),
    ({"date": "06/12/2026", "sources": ["x1"]}, False),
    ({"sources": ["x1"]}, False),
    ({"date": "2026-12-06", "sources": ["Has Spaces"]}, False),
])
def test_review_needs_an_iso_date_and_at_least_one_source(review, ok):
    raw = _raw()
    raw.pop("status")
    raw["review"] = review
    assert (RECORD_SCHEMA.validate(raw) == {}) is ok


def test_validation_names_a_caveat_or_source_that_is_not_defined(tmp_path):
    from cdt_data.store import Store
    from cdt_data.validate import problems
    store = Store()
    found = problems(store)
    assert not [f for f in found if "caveat" in f or "source" in f]
    used = next(c for p in cdt_data.codes() for c in p.caveats)
    store._registries["caveats.json"] = {k: v for k, v in cdt_data.caveats().items() if k != used}
    assert any(f"caveat {used!r} is not in caveats.json" in f for f in problems(store))
    store._registries["caveats.json"] = dict(cdt_data.caveats())
    some_source = next(s for p in cdt_data.codes() if p.review for s in p.review.sources)
    store._registries["sources"] = {k: v for k, v in cdt_data.sources().items() if k != some_source}
    assert any(f"source {some_source!r} is not in" in f for f in problems(store))
