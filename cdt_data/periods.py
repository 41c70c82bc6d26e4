"""Benefit periods: when an earlier service stops counting against a limit.

A limit counts earlier services inside a period that ends at the date of the new service:
- ``months`` / ``days``: a rolling window. A service on date ``s`` counts until
  ``s + N months`` (or days); with ``plus_one_day`` ("six months plus one day") until one day
  later. Adding months keeps the day of the month and clamps to the month's end
  (31 August + 6 months = 28 or 29 February).
- ``calendar-year``: services in the same calendar year count; the count starts over on 1 January.
- ``benefit-year``: the same with a year that starts on the 1st of ``start_month``.
- ``lifetime``: every earlier service counts, forever.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Optional

KINDS = ("months", "days", "calendar-year", "benefit-year", "lifetime")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Period:
    kind: str
    length: int = 0             # months or days, for the rolling kinds
    plus_one_day: bool = False
    start_month: int = 1        # for benefit-year

    def free_from(self, service: dt.date) -> Optional[dt.date]:
        """For rolling periods and lifetime: the first date ``service`` no longer counts
        (None: it always counts). Not used for year periods, whose count starts over instead."""
        extra = dt.timedelta(days=1 if self.plus_one_day else 0)
        if self.kind == "months":
            return add_months(service, self.length) + extra
        if self.kind == "days":
            return service + dt.timedelta(days=self.length) + extra
        return None

    def year_start(self, day: dt.date) -> dt.date:
        """The first day of the calendar or benefit year that holds ``day``."""
        month = 1 if self.kind == "calendar-year" else self.start_month
        start = dt.date(day.year, month, 1)
        return start if start <= day else dt.date(day.year - 1, month, 1)

    def counts(self, service: dt.date, on: dt.date) -> bool:
        """Whether a service on ``service`` counts against a new one on ``on`` (``service <= on``)."""
        if self.kind == "lifetime":
            return True
        if self.kind in ("calendar-year", "benefit-year"):
            return self.year_start(service) == self.year_start(on)
        return on < self.free_from(service)

    def next_date(self, counted: list[dt.date], allowed: int, on: dt.date) -> Optional[dt.date]:
        """The first date after ``on`` when fewer than ``allowed`` of the ``counted`` services
        (sorted, all counting on ``on``) still count; None when that never comes."""
        if self.kind == "lifetime":
            return None
        if self.kind in ("calendar-year", "benefit-year"):
            start = self.year_start(on)
            return dt.date(start.year + 1, start.month, 1)
        # the services that must drop out: the oldest len(counted) - allowed + 1 of them
        return self.free_from(counted[len(counted) - allowed])

    def describe(self) -> str:
        if self.kind == "months":
            unit = "month" if self.length == 1 else "months"
            return f"{self.length} {unit}" + (" plus one day" if self.plus_one_day else "")
        if self.kind == "days":
            return f"{self.length} days" + (" plus one day" if self.plus_one_day else "")
        if self.kind == "benefit-year":
            return f"benefit year (from 1 {calendar.month_name[self.start_month]})"
        return {"calendar-year": "calendar year", "lifetime": "lifetime"}[self.kind]
