"""Benefit periods at their edges: month ends, leap days, year boundaries, plus one day."""
import datetime as dt

import pytest

from cdt_data.periods import Period, add_months

D = dt.date


@pytest.mark.parametrize("start, months, want", [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),      # clamps to a short month
    (D(2028, 1, 31), 1, D(2028, 2, 29)),      # leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),     # a leap day a year on
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2026, 1, 2), 6, D(2026, 7, 2)),
    (D(2026, 11, 15), 3, D(2027, 2, 15)),     # across a year end
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
])
def test_add_months(start, months, want):
    assert add_months(start, months) == want


def test_six_months_counts_until_the_same_day_six_months_on():
    six = Period("months", 6)
    assert six.counts(D(2026, 1, 2), D(2026, 7, 1))
    assert not six.counts(D(2026, 1, 2), D(2026, 7, 2))
    assert six.free_from(D(2026, 1, 2)) == D(2026, 7, 2)


def test_six_months_plus_one_day():
    # cleaned on 2 January: next eligible 3 July, the day after six months
    plus = Period("months", 6, plus_one_day=True)
    assert plus.counts(D(2026, 1, 2), D(2026, 7, 2))
    assert not plus.counts(D(2026, 1, 2), D(2026, 7, 3))
    assert plus.free_from(D(2025, 8, 31)) == D(2026, 3, 1)   # 28 Feb + 1 day


def test_days():
    p = Period("days", 180)
    assert p.counts(D(2026, 1, 1), D(2026, 6, 29))
    assert not p.counts(D(2026, 1, 1), D(2026, 6, 30))
    assert Period("days", 180, True).free_from(D(2026, 1, 1)) == D(2026, 7, 1)


def test_calendar_year_starts_over_on_1_january():
    p = Period("calendar-year")
    assert p.counts(D(2026, 1, 1), D(2026, 12, 31))
    assert not p.counts(D(2025, 12, 31), D(2026, 1, 1))
    assert p.next_date([D(2026, 3, 1)], 1, D(2026, 5, 1)) == D(2027, 1, 1)


def test_benefit_year_from_july():
    p = Period("benefit-year", start_month=7)
    assert not p.counts(D(2026, 6, 30), D(2026, 7, 1))
    assert p.counts(D(2026, 7, 1), D(2027, 6, 30))
    assert p.year_start(D(2026, 3, 1)) == D(2025, 7, 1)
    assert p.next_date([D(2026, 6, 15)], 1, D(2026, 6, 30)) == D(2026, 7, 1)


def test_lifetime_never_frees():
    p = Period("lifetime")
    assert p.counts(D(1990, 1, 1), D(2026, 1, 1))
    assert p.next_date([D(1990, 1, 1)], 1, D(2026, 1, 1)) is None


def test_two_in_a_rolling_twelve_months():
    # first cleaning 2 March, second 24 August: the third waits for 2 March next year
    p = Period("months", 12)
    assert p.next_date([D(2018, 3, 2), D(2018, 8, 24)], 2, D(2018, 12, 1)) == D(2019, 3, 2)


@pytest.mark.parametrize("period, text", [
    (Period("months", 6, True), "6 months plus one day"), (Period("months", 1), "1 month"),
    (Period("days", 90), "90 days"), (Period("calendar-year"), "calendar year"),
    (Period("benefit-year", start_month=7), "benefit year (from 1 July)"), (Period("lifetime"), "lifetime"),
])
def test_describe(period, text):
    assert period.describe() == text
