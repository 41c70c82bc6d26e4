"""The public API: every lookup path, the junk sweep, categories and edition validity."""
import datetime
import threading

import pytest

import cdt_data
from cdt_data import InvalidCodeError, InvalidQueryError, UnknownCodeError
from cdt_data.errors import shorten
from cdt_data.normalize import is_code


@pytest.mark.parametrize("raw", ["D0371", "d0371", " D0371 ", "0371", "\tD0371\n", "d0371 "])
def test_every_spelling_of_a_code_finds_the_same_record(raw):
    assert cdt_data.get(raw).code == "D0371"
    assert cdt_data.lookup(raw) is cdt_data.get("D0371")


@pytest.mark.parametrize("junk", [None, "", 0, 371, 3.7, "€", "D03711", "XD0371", "D-0371", "D 0371",
                                  "DD0371", "D037", "x" * 10_000, b"D0371", ["D0371"], {"code": "D0371"},
                                  "D0371\x00", "Ｄ０３７１", "０３７１", "D٠٣٧١"])
def test_junk_is_a_typed_error_with_a_short_message(junk):
    with pytest.raises(InvalidCodeError) as info:
        cdt_data.get(junk)
    assert isinstance(info.value, ValueError)
    # Every message names D0371 as an example, so "D0371" in it proves nothing: the message must
    # name what was given (its type too, when it is not text), shortened.
    message = str(info.value)
    assert len(message) < 200 and shorten(junk) in message
    if isinstance(junk, str):
        assert message.startswith(shorten(junk) + " is not a CDT code")
    else:
        assert f"not {type(junk).__name__} {shorten(junk)}." in message
    assert cdt_data.lookup(junk) is None


@pytest.mark.parametrize("raw, ok", [("D0371", True), (" d0371 ", True), ("0371", True), ("D037", False),
                                     (None, False), (371, False), ("D03711", False)])
def test_is_code_says_whether_get_would_read_it(raw, ok):
    assert is_code(raw) is ok


def test_unknown_code_suggests_close_codes():
    with pytest.raises(UnknownCodeError) as info:
        cdt_data.get("D0379")
    err = info.value
    assert isinstance(err, LookupError)
    assert err.code == "D0379"
    assert "D0371" in err.suggestions and len(err.suggestions) <= 5
    assert str(err).startswith("D0379 is not a CDT code. Did you mean")


def test_swapped_digits_are_suggested():
    with pytest.raises(UnknownCodeError) as info:
        cdt_data.get("D0731")  # D0371 with two digits swapped
    assert "D0371" in info.value.suggestions


def test_deleted_code_comes_back_marked_deleted():
    p = cdt_data.get("D9248")
    assert p.deleted and p.status == "deleted"
    assert "deleted" in repr(p)
    assert p not in cdt_data.codes()
    assert p in cdt_data.codes(include_deleted=True)


def test_record_objects_are_frozen_and_serialisable():
    p = cdt_data.get("D0371")
    with pytest.raises(AttributeError):
        p.title = "x"
    d = p.to_dict()
    assert d["code"] == "D0371" and d["status"] == "active"
    assert isinstance(d["confused_with"][0], dict) and set(d["confused_with"][0]) == {"code", "difference"}
    assert set(d["requires"]) >= {"area", "area_required", "surfaces", "tooth_kind", "narrative"}
    assert repr(p) == f"Procedure(code='D0371', title={p.title!r})"


def test_codes_by_category_name_or_slug():
    by_name = cdt_data.codes("Diagnostic")
    assert by_name == cdt_data.codes("diagnostic") == cdt_data.codes(" DIAGNOSTIC ")
    assert [p.code for p in by_name] == sorted(p.code for p in by_name)
    assert cdt_data.codes("prosthodontics-fixed")[0].category == "Prosthodontics, fixed"


@pytest.mark.parametrize("bad", ["Dentistry", "", 3, ["Diagnostic"]])
def test_unknown_category_is_a_typed_error(bad):
    with pytest.raises(InvalidQueryError) as info:
        cdt_data.codes(bad)
    # both messages quote 'Diagnostic' as an example; what was given must be named too
    assert "Diagnostic" in str(info.value) and shorten(bad) in str(info.value)


def test_categories_have_ranges_and_subcategories():
    cats = cdt_data.categories()
    assert len(cats) == 12
    assert cats[0].name == "Diagnostic" and (cats[0].start, cats[0].end) == ("D0100", "D0999")
    assert "Diagnostic Imaging" in [s.name for s in cats[0].subcategories]
    assert cats[0].to_dict()["subcategories"][0]["from"] == "D0120"


@pytest.mark.parametrize("code, on, valid", [
    ("D9248", datetime.date(2025, 6, 1), True),
    ("D9248", datetime.date(2026, 6, 1), False),
    ("D9248", datetime.date(2026, 1, 1), False),
    ("D9248", datetime.date(2025, 12, 31), True),
    ("D1352", datetime.date(2025, 12, 31), True),
    ("D1352", datetime.date(2026, 1, 1), False),
    ("D9244", datetime.date(2025, 12, 31), False),
    ("D9244", datetime.date(2026, 1, 1), True),
    ("D0371", datetime.date(2026, 3, 1), True),
    ("D0379", datetime.date(2026, 3, 1), False),
])
def test_is_valid_for_a_date_of_service(code, on, valid):
    assert cdt_data.is_valid(code, on=on) is valid


def test_is_valid_rejects_bad_input():
    with pytest.raises(InvalidCodeError):
        cdt_data.is_valid("nonsense")
    with pytest.raises(InvalidQueryError):
        cdt_data.is_valid("D0371", on="2026-01-01")
    assert cdt_data.is_valid("D0371")  # today


def test_versions_are_exposed_apart():
    assert cdt_data.EDITION == "2026"
    assert cdt_data.__version__.count(".") == 2
    assert cdt_data.__version__ != cdt_data.EDITION


def test_loading_is_once_and_thread_safe():
    store = cdt_data.store.Store()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(store.records)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8 and all(r is seen[0] for r in seen)
    assert len(seen[0]) == len(cdt_data.codes(include_deleted=True))


def test_import_parses_nothing(tmp_path):
    import subprocess
    import sys
    code = ("import cdt_data, sys; "
            "assert cdt_data._store._records is None and not cdt_data._store._loaded; "
            "assert 'whoosh' not in sys.modules and 'marshmallow' not in sys.modules; "
            "cdt_data.get('D0371'); assert 'whoosh' not in sys.modules; "
            "assert cdt_data._store._folders == {'diagnostic'}; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


# --- caveats, sources, review and bounded edition years ------------------------------------
def test_caveats_are_written_once_and_named_by_id():
    notes = cdt_data.caveats()
    assert {"plan-limits", "alternate-benefit", "delivery-date", "replacement-interval",
            "missing-tooth-clause", "preauthorization", "medical-plan", "by-report"} <= set(notes)
    for cid, note in notes.items():
        assert note.id == cid and note.label and len(note.text.split()) >= 8
    used = {c for p in cdt_data.codes(include_deleted=True) for c in p.caveats}
    assert used <= set(notes)
    assert len(used) >= 6   # the vocabulary is in use, not decoration


def test_to_dict_keeps_ids_and_resolve_gives_the_texts():
    p = next(p for p in cdt_data.codes() if "plan-limits" in p.caveats and p.review and p.review.sources)
    plain, full = p.to_dict(), p.to_dict(resolve=True)
    assert "plan-limits" in plain["caveats"]
    note = next(c for c in full["caveats"] if c["id"] == "plan-limits")
    assert note == cdt_data.caveats()["plan-limits"].to_dict()
    assert plain["review"]["sources"] == list(p.review.sources)
    assert [s["id"] for s in full["review"]["sources"]] == list(p.review.sources)
    assert all(s["url"].startswith(("https://", "http://", "github:")) for s in full["review"]["sources"])


def test_sources_are_public_documents_with_an_address():
    refs = cdt_data.sources()
    assert len(refs) >= 20
    for sid, ref in refs.items():
        assert ref.id == sid and ref.title and ref.url.startswith(("https://", "http://", "github:")), sid


@pytest.mark.parametrize("added, on, valid", [
    (2022, datetime.date(2021, 12, 31), False), (2022, datetime.date(2022, 1, 1), True),
    ("before 2000", datetime.date(1995, 6, 1), True), ("before 2000", datetime.date(2026, 6, 1), True),
])
def test_is_valid_reads_an_exact_year_and_a_bound(added, on, valid, monkeypatch):
    import dataclasses
    p = cdt_data.get("D4322")
    fake = dataclasses.replace(p, edition=dataclasses.replace(p.edition, added=added))
    monkeypatch.setitem(cdt_data._store._loaded, "D4322", fake)
    if cdt_data._store._records is not None:
        monkeypatch.setitem(cdt_data._store._records, "D4322", fake)
    assert cdt_data.is_valid("D4322", on=on) is valid


def test_edition_bound_properties():
    from cdt_data.model import Edition
    assert Edition(added=2019).added_year == 2019 and Edition(added=2019).added_exact
    bound = Edition(added="before 2003")
    assert bound.added_year == 2003 and not bound.added_exact
    assert Edition().added_year is None and not Edition().added_exact
