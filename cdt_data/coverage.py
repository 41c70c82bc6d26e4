"""Eligibility: is a service covered on a date, given the patient's history and a payer profile,
and if not, from when? (Named apart from the function ``cdt_data.eligibility``, which a submodule
of the same name would shadow.)"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from .errors import InvalidQueryError, shorten


@dataclass(frozen=True)
class Eligibility:
    code: str
    on: dt.date
    eligible: bool
    next_date: Optional[dt.date]     # the first date it is covered again; None when eligible or never
    reasons: tuple = field(default_factory=tuple)   # the findings that stand in the way

    def to_dict(self) -> dict:
        return {"code": self.code, "on": self.on.isoformat(), "eligible": self.eligible,
                "next_date": self.next_date.isoformat() if self.next_date else None,
                "reasons": [f.to_dict() for f in self.reasons]}


def eligibility(code, history, on=None, profile=None, tooth=None, quadrant=None, arch=None, patient_age=None):
    import cdt_data

    proc = cdt_data.get(code)   # InvalidCodeError / UnknownCodeError for a bad code
    if on is None:
        on = dt.date.today()
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidQueryError(f"on is a datetime.date, not {shorten(on)}.")
    # Check on ``on``; when blocked, step to the latest date any finding names and check again,
    # since a second limit (or a second earlier service) may still stand then.
    first: tuple = ()
    probe = on
    for _ in range(12):
        reasons = _blocking(proc.code, probe, history, profile, tooth, quadrant, arch, patient_age)
        if not reasons:
            return Eligibility(proc.code, on, probe == on, None if probe == on else probe, first)
        first = first or reasons
        dates = [f.next_date for f in reasons]
        if any(d is None for d in dates):
            return Eligibility(proc.code, on, False, None, first)
        probe = max(dates)
    return Eligibility(proc.code, on, False, None, first)


def _blocking(code, on, history, profile, tooth, quadrant, arch, patient_age) -> tuple:
    from .claims import check

    line = {"code": code, "date": on.isoformat()}
    for key, value in (("tooth", tooth), ("quadrant", quadrant), ("arch", arch)):
        if value is not None:
            line[key] = value
    found = check([line], patient_age=patient_age, history=history if history is not None else [],
                  profile=profile)
    return tuple(f for f in found if f.rule.startswith("frequency.") and f.severity != "info")
