"""Frequency, age, same-day and replacement limits of a payer profile, checked against the
patient's history and the other lines of the claim.

Each claim line (an undated one counts as today's) is checked against every earlier service:
the history, and the claim's own lines of an earlier date (or the same date and an earlier
line). Findings carry the date the service is next covered (``next_date``).
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from typing import Optional

from .history import Service
from .payer_profiles import AgeLimit, Limit, Profile

VARIES = ("Plans set these limits; the common profile gives widely published norms, a practice's own "
          "profile gives its payer's.")


def _unit(service: Service, per: str):
    """The key a limit counts by; None when the service does not say (the rule cannot apply)."""
    if per == "patient":
        return ()
    return {"tooth": service.tooth, "quadrant": service.quadrant, "arch": service.arch,
            "provider": service.provider}[per]


class _Index:
    """The services of one limit's codes by unit, dates sorted."""

    def __init__(self):
        self.by_unit: dict = defaultdict(list)
        self.dates: dict = {}

    def finish(self) -> None:
        for items in self.by_unit.values():
            items.sort(key=lambda s: (s.date, s.row is None, s.line if s.line is not None else -1))
        self.dates = {k: [s.date for s in v] for k, v in self.by_unit.items()}


def _indexes(limits, services: list[Service]) -> list:
    """One index per limit, filled in a single pass over the services."""
    by_code: dict = defaultdict(list)
    out = []
    for limit in limits:
        index = _Index()
        out.append((limit, index))
        for code in limit.codes:
            by_code[code].append((limit, index))
    for s in services:
        for limit, index in by_code.get(s.code, ()):
            key = _unit(s, limit.per)
            if key is not None:
                index.by_unit[key].append(s)
    for _, index in out:
        index.finish()
    return out


def findings(claim, history, profile, age, system: str, today: Optional[dt.date] = None) -> list:
    """The profile's findings for the claim's readable lines (``claim_input.Line``), given the
    history (a list of dicts) and a profile (name, path, Profile or None for ``common``)."""
    from .claims import Finding
    from .history import read_history, service_of
    from .payer_profiles import load

    profile = load(profile)
    services = read_history(history, system)
    today = today or dt.date.today()
    import cdt_data
    claimed = [service_of(line, line.date or today, line.provider) for line in claim
               if line.code is not None and cdt_data.lookup(line.code) is not None]

    def make_finding(kind, rule, s, message, next_date, others):
        rule_id = ("benefit." if kind == "alternate" else "frequency.") + rule.id
        severity = "info" if kind == "alternate" else profile.severity
        lines = (s.line,) + tuple(o.line for o in others if o.line is not None and o.line != s.line)
        codes = tuple(dict.fromkeys((s.code,) + tuple(o.code for o in others)))
        rationale = (rule.note + " " if rule.note else "") + VARIES
        return Finding(rule_id, severity, codes, lines, message, None, f"{rule.source} (profile {profile.name})",
                       rationale, True, next_date)

    return check(profile, claimed, services, age, make_finding)


def check(profile: Profile, claimed: list[Service], history: list[Service], age, make_finding) -> list:
    """Findings for the claimed services; ``make_finding(kind, rule, service, message, next_date,
    others)`` builds each one."""
    everything = history + claimed
    out = []
    indexes = _indexes(profile.limits, everything)
    for s in claimed:
        for limit, index in indexes:
            if s.code in limit.codes:
                f = _limit_finding(limit, index, s, make_finding)
                if f is not None:
                    out.append(f)
        for rule in profile.ages:
            if s.code in rule.codes and age is not None:
                f = _age_finding(rule, s, age, make_finding)
                if f is not None:
                    out.append(f)
        for rule in profile.same_day:
            if s.code in rule.codes:
                others = [o for o in everything if o.date == s.date and o.code in rule.with_codes and o is not s]
                if others:
                    names = ", ".join(f"{o.code} ({o.where()})" for o in others)
                    out.append(make_finding("same_day", rule, s, f"{s.code} is not paid on the same date as "
                                            f"{names} under this profile.", None, others))
        for rule in profile.alternates:
            if s.code in rule.codes:
                paid = ", ".join(rule.paid_as)
                out.append(make_finding("alternate", rule, s, f"{s.code} may be paid at the fee of {paid} "
                                        "(an alternate benefit); the patient owes the difference.", None, []))
    return out


def _limit_finding(limit: Limit, index: _Index, s: Service, make_finding):
    key = _unit(s, limit.per)
    if key is None:
        return None
    items = index.by_unit.get(key)
    if not items:
        return None
    # Walk back from this date while earlier services still count: whether one counts only
    # falls as it gets older, so the walk stops at the first that does not.
    counting = []
    for j in range(bisect_right(index.dates[key], s.date) - 1, -1, -1):
        o = items[j]
        if o is s or not _before(o, s):
            continue
        if not limit.period.counts(o.date, s.date):
            break
        counting.append(o)
    counting.reverse()
    if len(counting) < limit.count:
        return None
    next_date = limit.period.next_date([o.date for o in counting], limit.count, s.date)
    shown = counting[-limit.count:]
    earlier_text = ", ".join(f"{o.code} on {o.date.isoformat()} ({o.where()})" for o in shown)
    unit = {"patient": "", "tooth": f" for tooth {s.tooth}", "quadrant": f" in the {s.quadrant} quadrant",
            "arch": f" on the {s.arch} arch", "provider": f" by provider {s.provider}"}[limit.per]
    when = f"covered again from {next_date.isoformat()}" if next_date else "not covered again under this profile"
    if limit.replacement:
        message = (f"{s.code}{unit} on {s.date.isoformat()} replaces {earlier_text} within "
                   f"{limit.period.describe()}; {when}.")
    else:
        codes = "this service" if len(limit.codes) == 1 else f"the {limit.group or limit.id} group"
        message = (f"{s.code}{unit} on {s.date.isoformat()}: {limit.count} of {codes} per "
                   f"{limit.period.describe()} already used ({earlier_text}); {when}.")
    return make_finding("limit", limit, s, message, next_date, shown)


def _before(o: Service, s: Service) -> bool:
    if o.date != s.date:
        return o.date < s.date
    if o.row is not None:      # history on the same date counts as earlier than the claim
        return s.row is None
    return s.line is not None and o.line < s.line


def _age_finding(rule: AgeLimit, s: Service, age, make_finding):
    if rule.under is not None and age >= rule.under:
        message = f"{s.code} is covered under this profile only below age {_years(rule.under)}; the patient is {_years(age)}."
    elif rule.at_least is not None and age < rule.at_least:
        message = f"{s.code} is covered under this profile from age {_years(rule.at_least)}; the patient is {_years(age)}."
    else:
        return None
    return make_finding("age", rule, s, message, None, [])


def _years(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
