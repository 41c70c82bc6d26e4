"""The public API at its edges: only ASCII digits make a code, every failure is a CdtDataError,
and the checker stays linear in the number of lines (issue 11, items 2, 10 and 11)."""
import datetime as dt
import random
import time

import pytest

import cdt_data
from cdt_data import CdtDataError, InvalidClaimError, InvalidCodeError
from cdt_data.claim_input import read_claim
from cdt_data.claims import _overlap
from cdt_data.normalize import is_code
from cdt_data.errors import shorten

NON_ASCII_DIGITS = [
    "D\u0660\u0663\u0667\u0661",   # Arabic-Indic 0371
    "D\uff10\uff13\uff17\uff11",   # fullwidth 0371
    "\u06f0\u06f3\u06f7\u06f1",    # Extended Arabic-Indic, no D
    "D\u0967\u0968\u0969\u096a",   # Devanagari
    "D03\u00b71",                  # a middle dot is no digit either
    "D037\U0001d7d9",              # mathematical double-struck 1
]


@pytest.mark.parametrize("raw", NON_ASCII_DIGITS)
def test_only_ascii_digits_make_a_code(raw):
    with pytest.raises(InvalidCodeError):
        cdt_data.normalize_code(raw)
    with pytest.raises(InvalidCodeError):
        cdt_data.get(raw)
    assert cdt_data.lookup(raw) is None
    assert is_code(raw) is False
    [finding] = cdt_data.check([{"code": raw}])
    assert finding.rule == "code.malformed"


def test_ascii_spellings_still_work():
    for raw in ("D0371", "d0371", " 0371 ", "\tD0371\n"):
        assert cdt_data.normalize_code(raw) == "D0371"


def test_normalize_code_says_ascii_in_its_docstring():
    assert "ASCII" in cdt_data.normalize_code.__doc__


class BadRepr:
    def __repr__(self):
        raise RuntimeError("repr failed")


HUGE = 10 ** 5000
JUNK = [None, "", 0, -1, 1.5, float("nan"), float("inf"), 10 ** 400, HUGE, -HUGE, True, [], {}, b"D0371",
        "\ud800", "D\ud800371", "x" * 10_000, BadRepr(), object(), dt.date(1, 1, 1), [HUGE], {"k": HUGE}]

CALLS = {
    "get": lambda j: cdt_data.get(j),
    "normalize_code": lambda j: cdt_data.normalize_code(j),
    "codes(category)": lambda j: cdt_data.codes(j),
    "search": lambda j: cdt_data.search(j),
    "search(limit)": lambda j: cdt_data.search("crown", limit=j),
    "search(category)": lambda j: cdt_data.search("crown", category=j),
    "suggest": lambda j: cdt_data.suggest(j),
    "suggest(limit)": lambda j: cdt_data.suggest("cr", limit=j),
    "is_valid": lambda j: cdt_data.is_valid(j),
    "is_valid(on)": lambda j: cdt_data.is_valid("D0120", on=j),
    "check(lines)": lambda j: cdt_data.check(j),
    "check(patient_age)": lambda j: cdt_data.check([{"code": "D0120"}], patient_age=j),
    "check(tooth_system)": lambda j: cdt_data.check([{"code": "D0120"}], tooth_system=j),
    **{f"check(line.{f})": (lambda f: lambda j: cdt_data.check([{"code": "D2391", f: j}]))(f)
       for f in ("code", "tooth", "surfaces", "quadrant", "arch", "date", "narrative")},
    "check(line key)": lambda j: cdt_data.check([{"code": "D2391", j: "1"}]) if _hashable(j) else None,
}


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_failure_of_the_public_api_is_a_cdt_data_error(name):
    call = CALLS[name]
    for junk in JUNK:
        try:
            call(junk)
        except CdtDataError:
            pass
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name}({shorten(junk)}) raised {type(exc).__name__}: {shorten(str(exc), 80)}")


@pytest.mark.parametrize("junk", [10 ** 5000, BadRepr(), [10 ** 5000]], ids=["huge-int", "bad-repr", "list"])
def test_lookup_returns_none_for_anything_that_is_not_a_code(junk):
    assert cdt_data.lookup(junk) is None


@pytest.mark.parametrize("age", [10 ** 400, 10 ** 5000, 131, 1e300, -1, -(10 ** 400)],
                         ids=["10**400", "10**5000", "131", "1e300", "-1", "-10**400"])
def test_absurd_patient_ages_are_a_claim_error(age):
    with pytest.raises(InvalidClaimError) as info:
        cdt_data.check([{"code": "D0120"}], patient_age=age)
    assert info.value.field == "patient_age"
    assert len(str(info.value)) < 200


@pytest.mark.parametrize("age", [0, 130, 2.5, 130.0])
def test_ages_within_the_bound_are_read(age):
    assert read_claim([{"code": "D0120"}], age, "Universal")[1] == age


def test_shorten_never_raises_and_stays_short():
    assert "digits" in shorten(10 ** 5000)
    assert shorten(BadRepr()) == "a BadRepr"
    assert shorten(12345) == "12345"
    assert len(shorten("x" * 10_000)) == 40


# -- item 11: confusable pairs in linear time ---------------------------------------------------
def _pairs(n):
    # D0371 and D0310 are confused with each other; lines in different quadrants never overlap,
    # so the old code compared every D0371 line with every D0310 line.
    return [{"code": "D0371" if i % 2 else "D0310", "date": "2026-03-04", "quadrant": "UR" if i % 2 else "LL"}
            for i in range(n)]


def test_confusable_pairs_are_linear_in_lines():
    cdt_data.check(_pairs(10))  # load rules and records outside the clock
    started = time.perf_counter()
    cdt_data.check(_pairs(20_000))
    # Linear: about 0.3 s here; the quadratic scan took 4.4 s for 10,000 lines, so ~16 s for 20,000.
    assert time.perf_counter() - started < 4.0


def test_confusable_pairs_still_found_when_they_overlap():
    lines = _pairs(2000) + [{"code": "D0310", "date": "2026-03-04", "quadrant": "UR"}]
    found = [f for f in cdt_data.check(lines) if f.rule == "confusion.both-on-claim"]
    assert [f.lines for f in found] == [(1, 2000)]


def _brute_first(lines, code, line):
    return next((j.index for j in lines if j.code == code and _overlap(line, j)), None)


def test_the_index_finds_the_same_line_as_comparing_every_pair():
    rng = random.Random(11)
    teeth = [None, "3", "14", "30", "K"]
    quadrants = [None, "UR", "LL"]
    arches = [None, "U", "L"]
    dates = [None, "2026-03-04", "2026-03-05"]
    for _ in range(300):
        raw = [{"code": rng.choice(["D0371", "D0310", "D2391"]), "tooth": rng.choice(teeth),
                "quadrant": rng.choice(quadrants), "arch": rng.choice(arches), "date": rng.choice(dates)}
               for _ in range(rng.randint(1, 12))]
        lines = read_claim(raw, None, "Universal")[0]
        from cdt_data.claims import _first_overlap, _overlap_index
        first_at = _overlap_index(lines)
        for line in lines:
            for code in ("D0371", "D0310"):
                assert _first_overlap(first_at, code, line) == _brute_first(lines, code, line), raw
