"""Boundary cases at and just outside every cut-off, generated from the rule data.

Nothing here names a code or an age of its own: the cases are built from ``cdt_data/rules/*.json``
(age limits, age groups, same-date and add-on pairs), from the records' ``requires`` (surface
counts) and from the shipped payer profiles ``cdt_data/profiles/*.toml`` (frequency, age,
same-day and replacement limits, alternate benefits). Each rule gets a pair: a case at the
cut-off that fires, and one just outside it that is clean. A new rule therefore arrives with its
boundary tests, and ``test_every_rule_has_a_generated_pair`` fails for a rule (or a new kind of
check) the generators cannot reach, until a generator or an exemption with its reason is added.

Expected dates are worked out here, independently of ``periods.py``, so a wrong period in the
engine cannot move the expectation with it.
"""
from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple, Optional

import pytest

import cdt_data
from cdt_data.claim_rules import rulebook
from cdt_data.payer_profiles import SHIPPED, load

BOOK = rulebook()
EPS = 0.01                          # "just outside" an age: a hundredth of a year
ON = dt.date(2026, 6, 15)           # the date of service of every generated claim
ACTIVE = {p.code: p for p in cdt_data.codes()}
ALL = {p.code: p for p in cdt_data.codes(include_deleted=True)}


class Case(NamedTuple):
    id: str
    rule: str            # the finding's rule id
    fires: bool          # True: the rule fires here; False: the clean case just outside
    lines: list
    kwargs: dict
    exact: bool = True   # True: nothing else may fire (fires: only this rule; clean: no finding at all)


# --- a line that satisfies everything a record requires ---------------------------------------
NEIGHBOUR = {"30": "31", "8": "9", "5": "4", "K": "L", "E": "F"}


def tooth_for(proc) -> str:
    req = proc.requires
    kinds = set(req.tooth_kind)
    if req.dentition == "primary":
        return "E" if "anterior" in kinds else "K"
    if "anterior" in kinds:
        return "8"
    if "premolar" in kinds and not kinds & {"molar", "posterior"}:
        return "5"
    return "30"


def letters_for(tooth: str, n: int) -> str:
    anterior = tooth in ("8", "9", "E", "F")
    return ("MDFLI" if anterior else "MODBL")[:n]


def clean_line(code: str, **extra) -> dict:
    """A line for ``code`` that carries what its record asks for, and nothing more."""
    proc = ALL[code]
    req = proc.requires
    line = {"code": code}
    if req.area_required:
        kind = req.area[0]
        if kind == "tooth":
            line["tooth"] = tooth_for(proc)
        elif kind == "quadrant":
            line["quadrant"] = "UR"
        elif kind == "arch":
            line["arch"] = "L" if req.arch == "mandibular" else "U"
    if req.surfaces is not None:
        line.setdefault("tooth", tooth_for(proc))
        line["surfaces"] = letters_for(line["tooth"], req.surfaces.min)
    if req.narrative:
        line["narrative"] = "What was done and why no other code fits."
    line.update(extra)
    return line


def _age_id(age: float) -> str:
    return f"{age:g}"


# --- the claim checker's rules (rules/*.json) ------------------------------------------------
def age_limit_cases(rule) -> list[Case]:
    p = rule.params
    out = []
    for code in sorted(rule.codes & ACTIVE.keys()):
        line = [clean_line(code)]
        if "below" in p:   # fires below the age: just under it fires, at it is clean
            cut = p["below"]
            out += [Case(f"{rule.id} {code} at {_age_id(cut - EPS)}", rule.id, True, line, {"patient_age": cut - EPS}),
                    Case(f"{rule.id} {code} at {_age_id(cut)}", rule.id, False, line, {"patient_age": cut})]
        if "at_least" in p:   # fires from the age: at it fires, just under it is clean
            cut = p["at_least"]
            out += [Case(f"{rule.id} {code} at {_age_id(cut)}", rule.id, True, line, {"patient_age": cut}),
                    Case(f"{rule.id} {code} at {_age_id(cut - EPS)}", rule.id, False, line,
                         {"patient_age": cut - EPS})]
        # a code with an age rule of its own and an age group gets one age warning, not two
        span = GROUPS.get(ACTIVE[code].requires.patient)
        if span is not None:
            lo, hi = span
            if "at_least" in p and hi is not None:
                age = max(p["at_least"], hi)
                out.append(Case(f"{rule.id} {code} at {_age_id(age)}, outside its group too", rule.id, True,
                                line, {"patient_age": age}))
            if "below" in p and lo:
                age = min(p["below"], lo) - EPS
                out.append(Case(f"{rule.id} {code} at {_age_id(age)}, outside its group too", rule.id, True,
                                line, {"patient_age": age}))
    return out


GROUPS = BOOK.by_check["patient_group"][0].params["groups"] if "patient_group" in BOOK.by_check else {}


def patient_group_cases(rule) -> list[Case]:
    out = []
    for code, proc in sorted(ACTIVE.items()):
        group = proc.requires.patient
        if group is None or code in BOOK.age_limited or (rule.codes and code not in rule.codes):
            continue
        lo, hi = rule.params["groups"][group]
        line = [clean_line(code)]
        if lo:   # from lo: at lo clean, just under it fires
            out += [Case(f"{rule.id} {code} ({group}) at {_age_id(lo)}", rule.id, False, line, {"patient_age": lo}),
                    Case(f"{rule.id} {code} ({group}) at {_age_id(lo - EPS)}", rule.id, True, line,
                         {"patient_age": lo - EPS})]
        if hi is not None:   # below hi: just under it clean, at hi fires
            out += [Case(f"{rule.id} {code} ({group}) at {_age_id(hi - EPS)}", rule.id, False, line,
                         {"patient_age": hi - EPS}),
                    Case(f"{rule.id} {code} ({group}) at {_age_id(hi)}", rule.id, True, line, {"patient_age": hi})]
    return out


def surface_count_cases(rule) -> list[Case]:
    out = []
    for code, proc in sorted(ACTIVE.items()):
        span = proc.requires.surfaces
        if span is None or (rule.codes and code not in rule.codes):
            continue
        tooth = tooth_for(proc)
        for n, fires in ((span.min - 1, True), (span.min, False), (span.max, False), (span.max + 1, True)):
            if not 1 <= n <= 5:   # no surfaces is another rule's; a tooth has five surfaces
                continue
            line = [clean_line(code, tooth=tooth, surfaces=letters_for(tooth, n))]
            out.append(Case(f"{rule.id} {code} with {n} surface(s)", rule.id, fires, line, {}))
    return out


def _partner(code: str, tooth: Optional[str], date: dt.date) -> dict:
    line = clean_line(code, date=date.isoformat())
    if tooth is not None and "tooth" in line or tooth is not None and ALL[code].requires.area == ("tooth",):
        line["tooth"] = tooth
    return line


def same_date_cases(rule) -> list[Case]:
    """Both codes on one date fire; the partner a day later is clean (and on another tooth,
    for a same-tooth rule)."""
    out = []
    same_tooth = rule.params.get("same_tooth", False)
    for code in sorted(rule.codes & ACTIVE.keys())[:1] + sorted(rule.codes & ACTIVE.keys())[-1:]:
        partners = sorted(rule.codes_param("with") & ACTIVE.keys())
        for other in partners[:1] + partners[-1:]:
            tooth = tooth_for(ACTIVE[code]) if same_tooth else None
            first = _partner(code, tooth, ON)
            if same_tooth:
                first["tooth"] = tooth
            for when, fires in ((ON, True), (ON + dt.timedelta(days=1), False)):
                second = _partner(other, tooth, when)
                if same_tooth:
                    second["tooth"] = tooth
                out.append(Case(f"{rule.id} {code} with {other} {'same day' if fires else 'next day'}", rule.id,
                                fires, [first, second], {}, exact=False))
            if same_tooth:
                second = _partner(other, NEIGHBOUR[tooth], ON)
                second["tooth"] = NEIGHBOUR[tooth]
                out.append(Case(f"{rule.id} {code} with {other} on the next tooth", rule.id, False,
                                [first, second], {}, exact=False))
    return list({c.id: c for c in out}.values())


def addon_cases(rule) -> list[Case]:
    """The add-on with its base on the same date is clean; with the base a day earlier it fires
    (and, for a same-tooth rule, with the base on the next tooth)."""
    out = []
    same_tooth = rule.params.get("same_tooth", False)
    for code in sorted(rule.codes & ACTIVE.keys()):
        base = sorted(rule.codes_param("base") & ACTIVE.keys())
        for other in base[:1] + base[-1:]:
            tooth = tooth_for(ACTIVE[code]) if same_tooth else None
            addon = _partner(code, tooth, ON)
            if same_tooth:
                addon["tooth"] = tooth
            for when, fires in ((ON, False), (ON - dt.timedelta(days=1), True)):
                first = _partner(other, tooth, when)
                if same_tooth:
                    first["tooth"] = tooth
                out.append(Case(f"{rule.id} {code} after {other} {'same day' if not fires else 'day before'}",
                                rule.id, fires, [first, addon], {}, exact=False))
            if same_tooth:
                first = _partner(other, NEIGHBOUR[tooth], ON)
                first["tooth"] = NEIGHBOUR[tooth]
                out.append(Case(f"{rule.id} {code} after {other} on the next tooth", rule.id, True,
                                [first, addon], {}, exact=False))
    return list({c.id: c for c in out}.values())


def diagnosis_count_cases(rule) -> list[Case]:
    """At the most a line may carry (four) no finding; one more, the finding."""
    top = rule.params["max"]
    dx = ["K11.5", "K11.21", "K11.22", "K11.23", "R22.0", "K11.9"]
    return [Case(f"{rule.id} at {n}", rule.id, n > top, [{"code": "D0371", "diagnoses": dx[:n]}], {}, exact=False)
            for n in (top, top + 1)]


GENERATORS = {
    "diagnosis_count": diagnosis_count_cases,
    "age_limit": age_limit_cases, "patient_group": patient_group_cases, "surface_count": surface_count_cases,
    "same_date_pair": same_date_cases, "addon_without_base": addon_cases,
}
# Checks with no cut-off to stand at, and why; every other check must have a generator.
NO_CUTOFF = {
    "code_malformed": "shape of the code; tested with junk in test_checker.py",
    "code_unknown": "membership in the code set; tested in test_checker.py",
    "code_deleted": "edition years; the 1 January edges are in test_checker.py and test_api.py",
    "code_not_yet_valid": "edition years; the 1 January edges are in test_checker.py",
    "tooth_invalid": "tooth numbering; its edges (32/33, T/U, FDI) are in test_checker.py and test_teeth.py",
    "quadrant_invalid": "a fixed vocabulary", "arch_invalid": "a fixed vocabulary", "area_invalid": "a fixed vocabulary",
    "surface_unknown": "a fixed vocabulary", "surface_duplicate": "a repeat, not a count",
    "surface_impossible": "letter pairs", "surface_wrong_for_tooth": "letters against the tooth kind",
    "area_missing": "presence of a field", "area_not_taken": "presence of a field", "arch_mismatch": "two arches",
    "surfaces_missing": "presence of a field", "surfaces_not_taken": "presence of a field",
    "tooth_kind": "tooth kinds", "tooth_dentition": "two dentitions", "narrative_missing": "presence of text",
    "duplicate_line": "equal lines", "same_tooth_restorations": "one tooth, one date",
    "confusable_pair": "pairs from the records",
    "diagnosis_malformed": "shape of an ICD-10-CM code; real examples in test_diagnoses.py",
    "diagnosis_unknown": "membership in ICD-10-CM; real examples in test_diagnoses.py",
    "diagnosis_who_only": "membership in the WHO-only list; real examples in test_diagnoses.py",
    "diagnosis_heading": "billable or heading; real examples in test_diagnoses.py",
    "diagnosis_seventh_missing": "a missing 7th character; real examples in test_diagnoses.py",
    "diagnosis_not_usual": "membership in the code's list; real examples in test_diagnoses.py",
}


def rule_cases() -> list[Case]:
    return [c for rule in BOOK.rules if rule.check in GENERATORS for c in GENERATORS[rule.check](rule)]


# --- the shipped payer profiles (profiles/*.toml) --------------------------------------------
def months_later(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


UNIT = {"tooth": None, "quadrant": ("quadrant", "UR", "UL"), "arch": None,
        "provider": ("provider", "1234567890", "9876543210")}


def _unit_fields(per: str, code: str, other: bool = False) -> dict:
    if per == "patient":
        return {}
    if per == "tooth":
        tooth = tooth_for(ALL[code])
        return {"tooth": NEIGHBOUR[tooth] if other else tooth}
    if per == "arch":
        own = "L" if ALL[code].requires.arch == "mandibular" else "U"
        return {"arch": {"U": "L", "L": "U"}[own] if other else own}
    key, mine, theirs = UNIT[per]
    return {key: theirs if other else mine}


def _edges(codes) -> list[str]:
    active = sorted(set(codes) & ACTIVE.keys())
    return list(dict.fromkeys(active[:1] + active[-1:]))


def limit_cases(name: str, limit) -> list[Case]:
    """``count`` earlier services counting: fires; one fewer, or the oldest just out of the
    period, or on another unit: clean."""
    rule = f"frequency.{limit.id}"
    first, last = _edges(limit.codes)[0], _edges(limit.codes)[-1]   # history in one, claim in the other
    period = limit.period

    def case(label, fires, oldest, on, n=limit.count, other_unit=False):
        unit = _unit_fields(limit.per, last, other_unit)   # the claim's tooth, quadrant, arch or provider
        history = [{"date": oldest.isoformat(), "code": first, **unit}]
        history += [{"date": on.isoformat(), "code": first, **unit}] * (n - 1)
        line = {"code": last, "date": on.isoformat(), **_unit_fields(limit.per, last)}
        return Case(f"{name} {limit.id} {label}", rule, fires, [line],
                    {"history": history[:n], "profile": name}, exact=False)

    if period.kind in ("months", "days"):
        oldest = dt.date(2024, 8, 31)   # a month end, so month arithmetic has to clamp
        free = (months_later(oldest, period.length) if period.kind == "months"
                else oldest + dt.timedelta(days=period.length)) + dt.timedelta(days=1 if period.plus_one_day else 0)
        on_inside, on_outside = free - dt.timedelta(days=1), free
    elif period.kind in ("calendar-year", "benefit-year"):
        month = 1 if period.kind == "calendar-year" else period.start_month
        start = dt.date(ON.year, month, 1)
        oldest, on_inside = start, dt.date(ON.year + 1, month, 1) - dt.timedelta(days=1)
        on_outside = start
    else:   # lifetime: no end; the count is the only cut-off
        oldest, on_inside, on_outside = dt.date(1990, 1, 1), ON, None
    out = [case(f"x{limit.count} on the last day it counts", True, oldest, on_inside),
           case(f"x{limit.count - 1}, one fewer than the limit", False, oldest, on_inside, n=limit.count - 1)]
    if on_outside is not None:
        before = oldest - dt.timedelta(days=1) if period.kind.endswith("year") else oldest
        out.append(case(f"x{limit.count}, the oldest just out of the period", False, before, on_outside))
    if limit.per != "patient":
        out.append(case(f"x{limit.count} on another {limit.per}", False, oldest, on_inside, other_unit=True))
    return out


def age_rule_cases(name: str, rule) -> list[Case]:
    out = []
    rid = f"frequency.{rule.id}"
    for code in _edges(rule.codes):
        line = [clean_line(code, date=ON.isoformat())]
        kw = {"history": [], "profile": name}
        if rule.under is not None:   # covered below it: at it fires, just under it is clean
            out += [Case(f"{name} {rule.id} {code} at {_age_id(rule.under)}", rid, True, line,
                         {**kw, "patient_age": rule.under}, exact=False),
                    Case(f"{name} {rule.id} {code} at {_age_id(rule.under - EPS)}", rid, False, line,
                         {**kw, "patient_age": rule.under - EPS}, exact=False)]
        if rule.at_least is not None:   # covered from it: at it clean, just under it fires
            out += [Case(f"{name} {rule.id} {code} at {_age_id(rule.at_least)}", rid, False, line,
                         {**kw, "patient_age": rule.at_least}, exact=False),
                    Case(f"{name} {rule.id} {code} at {_age_id(rule.at_least - EPS)}", rid, True, line,
                         {**kw, "patient_age": rule.at_least - EPS}, exact=False)]
    return out


def same_day_rule_cases(name: str, rule) -> list[Case]:
    out = []
    rid = f"frequency.{rule.id}"
    for code in _edges(rule.codes):
        for other in _edges(rule.with_codes):
            for when, fires in ((ON, True), (ON + dt.timedelta(days=1), False), (ON - dt.timedelta(days=1), False)):
                lines = [clean_line(code, date=ON.isoformat()), clean_line(other, date=when.isoformat())]
                out.append(Case(f"{name} {rule.id} {code} with {other} on {when}", rid, fires, lines,
                                {"history": [], "profile": name}, exact=False))
    return out


def alternate_cases(name: str, rule) -> list[Case]:
    """Fires for the first and last code of the rule; clean for the nearest codes outside."""
    rid = f"benefit.{rule.id}"
    kw = {"history": [], "profile": name}
    out = [Case(f"{name} {rule.id} {code}", rid, True, [clean_line(code, date=ON.isoformat())], kw, exact=False)
           for code in _edges(rule.codes)]
    outside = sorted(set(ACTIVE) - set(rule.codes))
    lo, hi = min(rule.codes), max(rule.codes)
    below = [c for c in outside if c < lo][-1:]
    above = [c for c in outside if c > hi][:1]
    out += [Case(f"{name} {rule.id} {code} (just outside)", rid, False, [clean_line(code, date=ON.isoformat())], kw,
                 exact=False) for code in below + above]
    return out


def profile_cases() -> list[Case]:
    out = []
    for name in SHIPPED:
        p = load(name)
        out += [c for r in p.limits for c in limit_cases(name, r)]
        out += [c for r in p.ages for c in age_rule_cases(name, r)]
        out += [c for r in p.same_day for c in same_day_rule_cases(name, r)]
        out += [c for r in p.alternates for c in alternate_cases(name, r)]
    return out


CASES = rule_cases() + profile_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_boundary(case):
    findings = cdt_data.check(case.lines, **case.kwargs)
    if case.kwargs.get("profile"):   # a profile's other rules (and the claim checker's) are not the point
        findings = [f for f in findings if f.rule.startswith(("frequency.", "benefit."))]
    ids = [f.rule for f in findings]
    if case.exact:
        assert ids == ([case.rule] if case.fires else []), [f.message for f in findings]
    else:
        assert (case.rule in ids) is case.fires, [f.message for f in findings]


# --- the generated pairs themselves --------------------------------------------------------
def _pairs(cases) -> dict[str, set]:
    out: dict[str, set] = {}
    for c in cases:
        out.setdefault(c.rule, set()).add(c.fires)
    return out


def test_every_check_has_a_generator_or_a_reason():
    checks = {r.check for r in BOOK.rules}
    assert checks <= GENERATORS.keys() | NO_CUTOFF.keys(), sorted(checks - GENERATORS.keys() - NO_CUTOFF.keys())
    assert not GENERATORS.keys() & NO_CUTOFF.keys()
    # a rule with a number among its parameters has a cut-off, so it cannot be exempt
    for rule in BOOK.rules:
        numbers = [v for v in rule.params.values()
                   if isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, dict)]
        assert not numbers or rule.check in GENERATORS, rule.id


def test_every_rule_has_a_generated_pair():
    """A case that fires and a clean case just outside, for every cut-off rule of the claim
    checker and every rule of every shipped profile."""
    pairs = _pairs(CASES)
    wanted = [r.id for r in BOOK.rules if r.check in GENERATORS]
    for name in SHIPPED:
        p = load(name)
        wanted += [f"frequency.{r.id}" for r in p.limits + p.ages + p.same_day]
        wanted += [f"benefit.{r.id}" for r in p.alternates]
    missing = sorted(r for r in set(wanted) if pairs.get(r) != {True, False})
    assert not missing, f"no generated boundary pair for: {missing}"


def test_every_age_group_and_surface_count_in_the_records_has_a_pair():
    ids = {c.id for c in CASES}
    for code, proc in ACTIVE.items():
        group = proc.requires.patient
        if group is not None:
            assert group in GROUPS, (code, group)   # a record naming a group the rules do not define
            assert any(f" {code} " in i for i in ids), code
        if proc.requires.surfaces is not None:
            cases = [c for c in CASES if c.rule == "surfaces.count" and f" {code} " in c.id]
            assert {c.fires for c in cases} == {True, False}, code


def test_the_generated_table_is_large():
    assert len(CASES) >= 200
