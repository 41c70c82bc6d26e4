"""The shipped records: schema, coverage against the reference list, and spot checks."""
import collections
import csv
import pathlib

import pytest

import cdt_data
from cdt_data.validate import problems

ROOT = pathlib.Path(__file__).resolve().parent.parent


def reference(name):
    with open(ROOT / "reference" / name, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


ACTIVE_REF = reference("cdt_codes.tsv")
DELETED_REF = reference("cdt_deleted_codes.tsv")

# Pinned: a change to the code set must change these numbers on purpose.
ACTIVE_PER_CATEGORY = {
    "Diagnostic": 106, "Preventive": 45, "Restorative": 88, "Endodontics": 46, "Periodontics": 38,
    "Prosthodontics, removable": 68, "Maxillofacial Prosthetics": 57, "Implant Services": 83,
    "Prosthodontics, fixed": 62, "Oral and Maxillofacial Surgery": 150, "Orthodontics": 25,
    "Adjunctive General Services": 83,
}


def test_every_record_passes_the_schema_and_cross_checks():
    assert problems(cdt_data._store) == []


def test_counts_per_category_are_pinned():
    counts = collections.Counter(p.category for p in cdt_data.codes())
    assert dict(counts) == ACTIVE_PER_CATEGORY
    assert sum(ACTIVE_PER_CATEGORY.values()) == 851


def test_counts_agree_with_the_reference_list():
    ref = collections.Counter(r["category"] for r in ACTIVE_REF)
    assert dict(ref) == ACTIVE_PER_CATEGORY


def test_active_codes_are_exactly_the_reference_list():
    assert {p.code for p in cdt_data.codes()} == {r["code"] for r in ACTIVE_REF}


def test_every_deleted_code_has_a_record_marked_deleted():
    deleted = {p.code: p for p in cdt_data.codes(include_deleted=True) if p.deleted}
    assert set(deleted) == {r["code"] for r in DELETED_REF}
    for row in DELETED_REF:
        year = int(row["deleted_in_edition"].split("(")[-1].strip(")").replace("CDT", ""))
        assert deleted[row["code"]].edition.deleted == year, row["code"]


@pytest.mark.parametrize("category", sorted(ACTIVE_PER_CATEGORY))
def test_categories_hold_their_own_ranges(category):
    cat = next(c for c in cdt_data.categories() if c.name == category)
    for p in cdt_data.codes(category, include_deleted=True):
        assert cat.start <= p.code <= cat.end
        assert p.subcategory in {s.name for s in cat.subcategories}


@pytest.mark.parametrize("code, area, surfaces, kinds, dentition, arch", [
    ("D0371", (), None, (), None, None),
    ("D0120", (), None, (), None, None),
    ("D2140", ("tooth",), (1, 1), (), None, None),
    ("D2392", ("tooth",), (2, 2), ("posterior",), None, None),
    ("D2393", ("tooth",), (3, 3), ("posterior",), None, None),
    ("D2330", ("tooth",), (1, 1), ("anterior",), None, None),
    ("D2930", ("tooth",), None, (), "primary", None),
    ("D2931", ("tooth",), None, (), "permanent", None),
    # permanent teeth and primary teeth without a successor: no dentition limit
    ("D3310", ("tooth",), None, ("anterior",), None, None),
    ("D3320", ("tooth",), None, ("premolar",), None, None),
    ("D3330", ("tooth",), None, ("molar",), None, None),
    ("D4341", ("quadrant",), None, (), None, None),
    ("D4342", ("quadrant",), None, (), None, None),
    ("D5110", ("arch",), None, (), None, "maxillary"),
    ("D5120", ("arch",), None, (), None, "mandibular"),
    ("D7140", ("tooth",), None, (), None, None),
    ("D7240", ("tooth",), None, (), None, None),
])
def test_requires_spot_checks(code, area, surfaces, kinds, dentition, arch):
    r = cdt_data.get(code).requires
    assert r.area == area
    got_surfaces = (r.surfaces.min, r.surfaces.max) if r.surfaces else None
    assert got_surfaces == surfaces
    assert r.tooth_kind == kinds
    assert r.dentition == dentition
    assert r.arch == arch
    if area:
        assert r.area_required == (arch is None)  # a code that names its arch needs no area


@pytest.mark.parametrize("code", ["D0999", "D2999", "D3999", "D4999", "D7999", "D9999"])
def test_by_report_codes_need_a_narrative(code):
    assert cdt_data.get(code).requires.narrative


def test_d0371_carries_what_the_reference_page_says():
    p = cdt_data.get("D0371")
    assert p.category == "Diagnostic" and p.subcategory == "Diagnostic Imaging"
    assert {c.code for c in p.confused_with} >= {"D0310", "D0320", "D0321"}
    assert all(len(c.difference) > 40 for c in p.confused_with)
    text = " ".join([*p.when_to_use, *p.not_for, *p.documentation, *p.billing, *p.denial_reasons]).lower()
    for fact in ("sialoendoscopy", "stone", "swelling", "not", "medical", "images", "interpretation",
                 "authorisation", "frequency", "diagnosis"):
        assert fact in text, fact
    assert p.example and "submandibular" in p.example.scenario
    assert len(p.faq) >= 4


@pytest.mark.parametrize("code, replaced_by", [
    ("D1352", {"D2391"}),
    ("D9248", {"D9244", "D9245", "D9246", "D9247"}),
])
def test_2026_deletions_point_to_their_replacements(code, replaced_by):
    p = cdt_data.get(code)
    assert p.deleted and p.status == "deleted" and p.edition.deleted == 2026
    assert set(p.edition.replaced_by) == replaced_by


def test_codes_new_in_2026_say_so():
    new = {r["code"] for r in ACTIVE_REF if r["source_edition"] == "CDT2026"}
    assert len(new) == 31
    for code in new:
        assert cdt_data.get(code).edition.added == 2026, code


def test_no_active_code_was_added_after_the_edition():
    for p in cdt_data.codes():
        assert p.edition.added_year <= int(cdt_data.EDITION), p.code


def test_titles_are_unique():
    titles = collections.Counter(p.title.lower() for p in cdt_data.codes(include_deleted=True))
    assert [t for t, n in titles.items() if n > 1] == []


def test_replacements_are_active_codes():
    for p in cdt_data.codes(include_deleted=True):
        for code in p.edition.replaced_by:
            assert not cdt_data.get(code).deleted, (p.code, code)


@pytest.mark.parametrize("code, area, required, arch, dentition, patient, kinds", [
    # Preventive
    ("D1110", (), False, None, None, None, ()),
    ("D1351", ("tooth",), True, None, None, None, ()),
    ("D1516", ("arch", "tooth"), False, "maxillary", None, None, ()),
    # Diagnostic
    ("D0145", (), False, None, None, "child", ()),
    # Endodontics (primary teeth)
    ("D3230", ("tooth",), True, None, "primary", None, ("anterior",)),
    # Maxillofacial prosthetics
    ("D5931", ("arch",), False, "maxillary", None, None, ()),
    # Implant services
    ("D6010", ("tooth",), True, None, None, None, ()),
    ("D6065", ("tooth",), True, None, None, None, ()),
    # Prosthodontics, fixed
    ("D6240", ("tooth",), True, None, None, None, ()),
    ("D6750", ("tooth",), True, None, None, None, ()),
    # Oral and maxillofacial surgery
    ("D7953", ("tooth",), True, None, None, None, ()),
    # Orthodontics
    ("D8070", (), False, None, None, "child", ()),
    ("D8080", (), False, None, "permanent", "adolescent", ()),
    # Adjunctive general services
    ("D9110", ("tooth", "quadrant"), False, None, None, None, ()),
    ("D9230", (), False, None, None, None, ()),
    ("D9944", ("arch",), True, None, None, None, ()),
])
def test_requires_spot_checks_across_the_other_categories(code, area, required, arch, dentition, patient, kinds):
    r = cdt_data.get(code).requires
    assert (r.area, r.area_required, r.arch, r.dentition, r.patient, r.tooth_kind) == \
        (area, required, arch, dentition, patient, kinds)


def test_every_code_named_in_the_prose_has_a_record():
    import json
    import re
    known = {p.code for p in cdt_data.codes(include_deleted=True)}
    named = {(p.code, c) for p in cdt_data.codes(include_deleted=True)
             for c in re.findall(r"\bD\d{4}\b", json.dumps(p.to_dict())) if c not in known}
    assert named == set()


def test_every_record_has_an_edition_year_a_review_and_sources():
    refs = cdt_data.sources()
    for p in cdt_data.codes(include_deleted=True):
        assert p.edition.added is not None, p.code
        assert p.edition.added_source in refs, p.code
        assert p.review is not None and p.review.date >= "2026-12-01", p.code
        assert p.review.sources and all(s in refs for s in p.review.sources), p.code


def test_edition_years_are_the_researched_table():
    import csv
    with open(ROOT / "reference" / "cdt_added.tsv", newline="") as f:
        table = {r["code"]: r for r in csv.DictReader(f, delimiter="\t")}
    for p in cdt_data.codes(include_deleted=True):
        row = table[p.code]
        assert str(p.edition.added) == row["added"] and p.edition.added_source == row["source"], p.code
        if p.edition.added_exact and p.edition.deleted:
            assert p.edition.added <= p.edition.deleted, p.code


@pytest.mark.parametrize("code, added", [
    ("D4322", 2022), ("D1516", 2019), ("D9953", 2023), ("D7252", 2025), ("D0120", "before 2000"),
    ("D1355", 2021), ("D1720", 2026),
])
def test_edition_year_spot_checks(code, added):
    assert cdt_data.get(code).edition.added == added
