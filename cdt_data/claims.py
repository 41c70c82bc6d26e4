"""The claim checker: reads a claim's lines, applies the rules in ``rules/*.json``.

The engine is generic: each rule names one of the checks below, and the checks read the
records through the public API (``requires``, ``edition``, ``confused_with``) — never copies of
them. Adding a rule of an existing kind is a data change.

Two lines belong to one visit when their dates are equal (two undated lines count as one
visit; an undated line is never matched with a dated one).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Callable, Optional

import cdt_data
from .claim_input import Line, read_claim
from .claim_rules import Rule, RuleBook, rulebook
from .errors import UnknownCodeError, shorten
from .model import Procedure
from .teeth import impossible_pairs, parse_tooth, wrong_for_tooth

_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing worth telling the biller about a claim, with the rule's reason and source."""

    rule: str
    severity: str
    codes: tuple[str, ...]
    lines: tuple[int, ...]
    message: str
    suggestion: Optional[str]
    source: str
    rationale: str
    varies_by_payer: bool
    next_date: Optional[dt.date] = None   # frequency findings: when the service is next covered
    diagnosis: Optional[str] = None       # diagnosis findings: the ICD-10-CM code as the line gave it

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["codes"] = list(self.codes)
        out["lines"] = list(self.lines)
        out["next_date"] = self.next_date.isoformat() if self.next_date else None
        if self.diagnosis is None:   # only diagnosis findings carry the key (servers' schemas predate it)
            del out["diagnosis"]
        return out


class _Fields(dict):
    def __missing__(self, key):  # a template naming a field the check did not fill stays readable
        return "{" + key + "}"


def _finding(rule: Rule, lines, codes, suggestion: Optional[str] = None, **values) -> Finding:
    template = rule.message
    if suggestion is None and rule.message_no_suggestion:
        template = rule.message_no_suggestion
    values["suggestion"] = suggestion
    return Finding(rule.id, rule.severity, tuple(codes), tuple(lines), template.format_map(_Fields(values)),
                   suggestion, rule.source, rule.rationale, rule.varies_by_payer)


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _surface_span(lo: int, hi: int) -> str:
    if lo == hi:
        return f"{lo} surface" + ("" if lo == 1 else "s")
    return f"{lo} or more surfaces" if hi >= 5 else f"{lo} to {hi} surfaces"


def _tooth_label(line: Line, system: str) -> str:
    if line.tooth is None:
        return "the tooth"
    return f"tooth {line.tooth_raw} (FDI, #{line.tooth.universal})" if system == "FDI" else line.tooth.label


def _age_text(age: float) -> str:
    return str(int(age)) if float(age).is_integer() else str(age)


class _Context:
    """What one check() call knows: the rules, the lines, the patient."""

    def __init__(self, book: RuleBook, lines: list[Line], age, system: str):
        self.book = book
        self.lines = lines
        self.age = age
        self.system = system
        self.records: dict[int, Procedure] = {}   # line index -> active record checked further

    def in_group(self, proc: Procedure) -> bool:
        """Whether the patient's age falls in the age group the record names (True when unknown)."""
        age = self.age
        groups = self.book.by_check["patient_group"][0].params["groups"] if "patient_group" in self.book.by_check else {}
        span = groups.get(proc.requires.patient)
        if span is None or age is None:
            return True
        lo, hi = span
        return (lo is None or age >= lo) and (hi is None or age < hi)

    def fits(self, proc: Procedure, line: Line, count: Optional[int] = None) -> bool:
        """Whether ``proc`` could stand on ``line`` as the line is written."""
        req = proc.requires
        tooth = line.tooth
        if tooth is not None:
            if req.tooth_kind and not any(tooth.is_kind(k) for k in req.tooth_kind):
                return False
            if req.dentition and req.dentition != tooth.dentition:
                return False
        if count is None and line.surfaces is not None:
            count = len(line.surfaces.letters)
        if count and req.surfaces is not None and not req.surfaces.min <= count <= req.surfaces.max:
            return False
        arch = _line_arch(line)[0]
        if arch and req.arch and req.arch != arch:
            return False
        return self.in_group(proc)

    def alternative(self, code: str, line: Line, count: Optional[int] = None, include_self: bool = False) -> Optional[str]:
        """The code to suggest instead of ``code``: the best-fitting of its alternatives."""
        candidates = ((code,) if include_self else ()) + self.book.alternatives.get(code, ())
        best = None
        for other in candidates:
            proc = cdt_data.lookup(other)
            if proc is None or proc.deleted or not self.fits(proc, line, count):
                continue
            s = proc.requires.surfaces
            key = (s.max - s.min if s else 0, other)
            if best is None or key < best[0]:
                best = (key, other)
        return best[1] if best else None


def _line_arch(line: Line) -> tuple[Optional[str], str]:
    """The arch the line names, and where it says so."""
    if line.arch:
        return line.arch, f"arch {line.arch_raw}"
    if line.quadrant:
        return ("maxillary" if line.quadrant[0] == "U" else "mandibular"), f"quadrant {line.quadrant}"
    if line.tooth is not None:
        return line.tooth.arch, line.tooth.label
    return None, ""


# --- checks on a line's own fields (any code) ---------------------------------------------

def tooth_invalid(rule, line, ctx):
    if line.tooth_raw is None or line.tooth is not None:
        return None
    other = "FDI" if ctx.system == "Universal" else "Universal"
    hint = f" It is a valid {other} number: check the tooth system." if parse_tooth(line.tooth_raw, other) else ""
    valid = "1-32, A-T, 51-82 or AS-TS" if ctx.system == "Universal" else "11-48 or 51-85"
    return _finding(rule, (line.index,), (line.code or line.raw_code,), given=shorten(line.tooth_raw),
                    system=ctx.system, valid=valid, hint=hint)


def quadrant_invalid(rule, line, ctx):
    if line.quadrant_raw is None or line.quadrant is not None:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), given=shorten(line.quadrant_raw))


def area_invalid(rule, line, ctx):
    if not line.area_unreadable:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), given=shorten(line.area_raw))


def arch_invalid(rule, line, ctx):
    if line.arch_raw is None or line.arch is not None:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), given=shorten(line.arch_raw))


def surface_unknown(rule, line, ctx):
    s = line.surfaces
    if s is None or not s.unknown:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), code=line.code or line.raw_code,
                    letters=", ".join(shorten(u, 12) for u in s.unknown))


def surface_duplicate(rule, line, ctx):
    s = line.surfaces
    if s is None or not s.duplicates:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), code=line.code or line.raw_code,
                    letters=", ".join(dict.fromkeys(s.duplicates)), given=s.text)


def surface_impossible(rule, line, ctx):
    s = line.surfaces
    pairs = impossible_pairs(s) if s is not None else ()
    if not pairs:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), code=line.code or line.raw_code,
                    letters=" and ".join(a + p for a, p in pairs))


def surface_wrong_for_tooth(rule, line, ctx):
    s, tooth = line.surfaces, line.tooth
    if s is None or tooth is None or impossible_pairs(s):
        return None
    wrong = wrong_for_tooth(s, tooth)
    if not wrong:
        return None
    expected = "use O and B" if tooth.posterior else "use I and F"
    expected += " for its biting and cheek-side surfaces" if tooth.posterior else " for its edge and lip-side surfaces"
    return _finding(rule, (line.index,), (line.code or line.raw_code,), code=line.code or line.raw_code,
                    tooth=_tooth_label(line, ctx.system), kind=tooth.kind, article=_article(tooth.kind),
                    letters=", ".join(wrong), expected=expected)


# --- checks on the code itself ------------------------------------------------------------

def code_malformed(rule, line, ctx):
    if line.code is not None:
        return None
    return _finding(rule, (line.index,), (line.raw_code,), given=shorten(line.raw_code))


def code_unknown(rule, line, ctx):
    if line.code is None:
        return None
    try:
        cdt_data.get(line.code)
    except UnknownCodeError as exc:
        sugg = exc.suggestions
        return _finding(rule, (line.index,), (line.code,), sugg[0] if sugg else None, code=line.code,
                        edition=cdt_data.EDITION, candidates=" or ".join(sugg))
    return None


def _service_year(line: Line) -> int:
    return line.date.year if line.date else int(cdt_data.EDITION)


def code_deleted(rule, line, ctx, proc):
    deleted = proc.edition.deleted
    if deleted is None or _service_year(line) < deleted:
        return None
    repl = proc.edition.replaced_by
    return _finding(rule, (line.index,), (proc.code,), repl[0] if repl else None, code=proc.code,
                    deleted=deleted, replacements=" or ".join(repl))


def code_not_yet_valid(rule, line, ctx, proc):
    added = proc.edition.added
    if not proc.edition.added_exact or line.date is None or line.date.year >= added:
        return None
    return _finding(rule, (line.index,), (proc.code,), code=proc.code, added=added, date=line.date.isoformat())


# --- checks against the code's record (``requires``) --------------------------------------

def area_missing(rule, line, ctx, proc):
    req = proc.requires
    if not req.area_required or line.given_areas & set(req.area) or line.area_unreadable:
        return None
    return _finding(rule, (line.index,), (proc.code,), code=proc.code, needed=" or ".join(req.area))


def area_not_taken(rule, line, ctx, proc):
    req = proc.requires
    given = line.given_areas
    if not given or given & set(req.area) or req.area_required:
        return None
    expected = f"it is reported per {' or '.join(req.area)}" if req.area else "it covers the whole mouth or the visit, so leave the area off"
    return _finding(rule, (line.index,), (proc.code,), code=proc.code,
                    given=" or ".join(k for k in ("tooth", "quadrant", "arch") if k in given), expected=expected)


def arch_mismatch(rule, line, ctx, proc):
    want = proc.requires.arch
    have, where = _line_arch(line)
    if want is None or have is None or have == want:
        return None
    return _finding(rule, (line.index,), (proc.code,), ctx.alternative(proc.code, line), code=proc.code,
                    expected=want, given=have, where=where)


def surfaces_missing(rule, line, ctx, proc):
    if proc.requires.surfaces is None or line.surfaces is not None:
        return None
    return _finding(rule, (line.index,), (proc.code,), code=proc.code)


def surfaces_not_taken(rule, line, ctx, proc):
    if proc.requires.surfaces is not None or line.surfaces is None:
        return None
    return _finding(rule, (line.index,), (proc.code,), code=proc.code, given=line.surfaces.text or "given")


def surface_count(rule, line, ctx, proc):
    span, s = proc.requires.surfaces, line.surfaces
    if span is None or s is None or s.unknown or not s.letters:
        return None
    count = len(s.letters)
    if span.min <= count <= span.max:
        return None
    return _finding(rule, (line.index,), (proc.code,), ctx.alternative(proc.code, line), code=proc.code,
                    surfaces=s.text, tooth=_tooth_label(line, ctx.system), count=count,
                    plural="" if count == 1 else "s", expected=_surface_span(span.min, span.max))


def tooth_kind(rule, line, ctx, proc):
    kinds, tooth = proc.requires.tooth_kind, line.tooth
    if not kinds or tooth is None or any(tooth.is_kind(k) for k in kinds):
        return None
    return _finding(rule, (line.index,), (proc.code,), ctx.alternative(proc.code, line), code=proc.code,
                    tooth=_tooth_label(line, ctx.system), kind=tooth.kind, article=_article(tooth.kind),
                    expected=" or ".join(kinds))


def tooth_dentition(rule, line, ctx, proc):
    want, tooth = proc.requires.dentition, line.tooth
    if want is None or tooth is None or tooth.dentition == want:
        return None
    return _finding(rule, (line.index,), (proc.code,), ctx.alternative(proc.code, line), code=proc.code,
                    tooth=_tooth_label(line, ctx.system), given=tooth.dentition, expected=want)


def age_limit(rule, line, ctx, proc):
    age, p = ctx.age, rule.params
    if age is None or proc.code not in rule.codes:
        return None
    if not (("below" in p and age < p["below"]) or ("at_least" in p and age >= p["at_least"])):
        return None
    return _finding(rule, (line.index,), (proc.code,), p.get("suggestion"), code=proc.code, age=_age_text(age))


def patient_group(rule, line, ctx, proc):
    group = proc.requires.patient
    if group is None or ctx.age is None or proc.code in ctx.book.age_limited or ctx.in_group(proc):
        return None
    return _finding(rule, (line.index,), (proc.code,), ctx.alternative(proc.code, line), code=proc.code,
                    expected=group, age=_age_text(ctx.age))


def narrative_missing(rule, line, ctx, proc):
    if not proc.requires.narrative or line.narrative:
        return None
    return _finding(rule, (line.index,), (proc.code,), code=proc.code)


# --- checks on a line's diagnosis codes (ICD-10-CM) ----------------------------------------
# Run only for lines that carry diagnoses, so a claim without them never reads the ICD table.

def diagnosis_count(rule, line, ctx):
    limit = rule.params.get("max", 4)
    if len(line.diagnoses) <= limit:
        return None
    return _finding(rule, (line.index,), (line.code or line.raw_code,), code=line.code or line.raw_code,
                    count=len(line.diagnoses), max=limit)


def _dx_finding(rule, line, status, **values) -> Finding:
    code = line.code or line.raw_code
    values.setdefault("code", code)
    f = _finding(rule, (line.index,), (code,), given=shorten(status.given), **values)
    return dataclasses.replace(f, diagnosis=status.given)


def diagnosis_malformed(rule, line, ctx, dx, proc):
    return _dx_finding(rule, line, dx) if dx.kind == "malformed" else None


def diagnosis_unknown(rule, line, ctx, dx, proc):
    if dx.kind != "unknown":
        return None
    err = dx.error
    hint = f" Did you mean {' or '.join(err.suggestions)}?" if err.suggestions else ""
    return _dx_finding(rule, line, dx, dx=err.code, release=err.release, hint=hint)


def diagnosis_who_only(rule, line, ctx, dx, proc):
    if dx.kind != "who":
        return None
    return _dx_finding(rule, line, dx, dx=dx.error.code, note=dx.error.who)


def diagnosis_heading(rule, line, ctx, dx, proc):
    if dx.kind != "heading":
        return None
    from .icd10cm import table
    under = table().descendants(dx.row.key, limit=3)
    examples = ", ".join(r.code for r in under) or "a more specific code"
    return _dx_finding(rule, line, dx, dx=dx.row.code, title=dx.row.title, examples=examples)


def diagnosis_seventh_missing(rule, line, ctx, dx, proc):
    if dx.kind != "seventh":
        return None
    from .icd10cm import table
    key = dx.row.key
    full = key[:3] + "." + key[3:].ljust(3, "X")
    options = "; ".join(f"{full}{c} ({meaning})" for c, meaning in table().seventh_characters(key))
    return _dx_finding(rule, line, dx, dx=dx.row.code, title=dx.row.title, options=options)


def diagnosis_not_usual(rule, line, ctx, dx, proc):
    if proc is None or dx.row is None:
        return None
    from .crossover import mapping
    m = mapping()
    families = m.labels(proc.code)
    if not families or m.is_listed(proc.code, dx.row.key):
        return None
    return _dx_finding(rule, line, dx, dx=dx.row.code, title=dx.row.title, families="; ".join(families))


# --- checks across lines ------------------------------------------------------------------

def _codes_of(lines: list[Line]) -> dict[str, list[int]]:
    by_code: dict[str, list[int]] = defaultdict(list)
    for line in lines:
        if line.code is not None:
            by_code[line.code].append(line.index)
    return by_code


def _same_tooth(a: Line, b: Line) -> bool:
    return a.tooth is not None and b.tooth is not None and a.tooth.universal == b.tooth.universal


def _same_visit(lines, i: int, codes, by_code, same_tooth: bool) -> list[int]:
    """Indexes of the other lines with one of ``codes`` on line i's date (and tooth, if asked)."""
    return sorted(j for c in codes for j in by_code.get(c, ())
                  if j != i and lines[j].date == lines[i].date
                  and (not same_tooth or _same_tooth(lines[i], lines[j])))


def same_date_pair(rules, ctx, by_code):
    out = []
    lines = ctx.lines
    for code, found in ctx.book.triggers("same_date_pair").items():
        for i in by_code.get(code, ()):
            for rule in found:
                hits = _same_visit(lines, i, rule.codes_param("with"), by_code,
                                   rule.params.get("same_tooth", False))
                if hits:
                    others = list(dict.fromkeys(lines[j].code for j in hits))
                    out.append(_finding(rule, (i, *hits), (code, *others), code=code, others=" and ".join(others),
                                        date=lines[i].date_text, tooth=_tooth_label(lines[i], ctx.system)))
    return out


def addon_without_base(rules, ctx, by_code):
    out = []
    lines = ctx.lines
    for code, found in ctx.book.triggers("addon_without_base").items():
        for i in by_code.get(code, ()):
            for rule in found:
                base = rule.codes_param("base")
                if _same_visit(lines, i, base, by_code, rule.params.get("same_tooth", False)):
                    continue
                out.append(_finding(rule, (i,), (code,), code=code, base=" or ".join(sorted(base)),
                                    date=lines[i].date_text, tooth=_tooth_label(lines[i], ctx.system)))
    return out


def _line_key(line: Line) -> tuple:
    tooth = line.tooth.universal if line.tooth is not None else line.tooth_raw
    surfaces = tuple(sorted(line.surfaces.letters)) if line.surfaces is not None else ()
    return (line.code or line.raw_code, tooth, surfaces, line.quadrant or line.quadrant_raw,
            line.arch or line.arch_raw, line.date)


def duplicate_line(rules, ctx, by_code):
    out = []
    for rule in rules:
        groups: dict[tuple, list[int]] = defaultdict(list)
        repeatable = rule.codes_param("repeatable")
        for line in ctx.lines:
            if (line.code or line.raw_code) not in repeatable:
                groups[_line_key(line)].append(line.index)
        for key, idx in groups.items():
            if len(idx) > 1:
                out.append(_finding(rule, idx, (key[0],), code=key[0], times=len(idx)))
    return out


def same_tooth_restorations(rules, ctx, by_code):
    out = []
    for rule in rules:
        groups: dict[tuple, list[Line]] = defaultdict(list)
        for line in ctx.lines:
            if line.code in rule.codes and line.tooth is not None:
                groups[(line.tooth.universal, line.date)].append(line)
        for group in groups.values():
            if len({_line_key(g) for g in group}) < 2:
                continue
            letters = list(dict.fromkeys(c for g in group if g.surfaces for c in g.surfaces.letters))
            first = group[0]
            suggestion = ctx.alternative(first.code, first, len(letters), include_self=True) if letters else None
            out.append(_finding(rule, [g.index for g in group], list(dict.fromkeys(g.code for g in group)), suggestion,
                                tooth=_tooth_label(first, ctx.system), times=len(group), date=first.date_text,
                                given=", ".join(f"{g.code} {g.surfaces.text if g.surfaces else ''}".strip() for g in group),
                                surfaces="".join(letters) or "the surfaces"))
    return out


def _overlap(a: Line, b: Line) -> bool:
    """Whether two lines could describe one service: same visit, and no area that differs."""
    if a.date != b.date:
        return False
    if a.tooth is not None and b.tooth is not None and a.tooth.universal != b.tooth.universal:
        return False
    if a.quadrant and b.quadrant and a.quadrant != b.quadrant:
        return False
    return not (a.arch and b.arch and a.arch != b.arch)


_ANY = object()


def _area_key(line: Line) -> tuple:
    """Tooth, quadrant and arch as _overlap compares them; None where the line names none."""
    return (line.tooth.universal if line.tooth is not None else None, line.quadrant or None, line.arch or None)


def _overlap_index(lines: list[Line]) -> dict[tuple, int]:
    """The first line under each (code, date, tooth, quadrant, arch), with any of the last three
    replaced by _ANY, so that a line finds an overlapping line in at most 8 look-ups instead of
    by comparing it with every line of the other code (10,000 lines took seconds)."""
    first_at: dict[tuple, int] = {}
    for line in lines:
        area = _area_key(line)
        for mask in range(8):
            key = (line.code, line.date, *(_ANY if mask >> k & 1 else v for k, v in enumerate(area)))
            first_at.setdefault(key, line.index)
    return first_at


def _first_overlap(first_at: dict, code: str, line: Line) -> Optional[int]:
    """The first line with ``code`` that _overlap(line, it) accepts, or None: for each area the
    line names, the other line names the same one or none; where the line names none, any."""
    choices = [(_ANY,) if v is None else (v, None) for v in _area_key(line)]
    found = [first_at.get((code, line.date, t, q, a)) for t in choices[0] for q in choices[1] for a in choices[2]]
    found = [j for j in found if j is not None]
    return min(found) if found else None


def confusable_pair(rules, ctx, by_code):
    """Codes a record says are confused with each other, on lines that could be one service.
    Pairs another rule already governs (a same-date conflict, an add-on and its base) are left
    to that rule."""
    out = []
    seen: set[frozenset] = set()
    governed = ctx.book.governed_pairs
    lines = ctx.lines
    first_at = None   # built on the first pair both of whose codes are on the claim
    for code in sorted(by_code, key=lambda c: by_code[c][0]):
        proc = ctx.records.get(by_code[code][0])
        if proc is None:
            continue
        for conf in proc.confused_with:
            pair = frozenset((code, conf.code))
            if conf.code not in by_code or conf.code == code or pair in seen or pair in governed:
                continue
            if first_at is None:
                first_at = _overlap_index(lines)
            hit = next(((i, j) for i in by_code[code] for j in [_first_overlap(first_at, conf.code, lines[i])]
                        if j is not None), None)
            if hit is None:
                continue
            seen.add(pair)
            (i, a), (j, b) = sorted(((hit[0], code), (hit[1], conf.code)))
            for rule in rules:
                out.append(_finding(rule, (i, j), (a, b), code=a, other=b, difference=conf.difference))
    return out


FIELD_CHECKS: dict[str, Callable] = {
    "tooth_invalid": tooth_invalid, "quadrant_invalid": quadrant_invalid, "arch_invalid": arch_invalid,
    "area_invalid": area_invalid, "surface_unknown": surface_unknown, "surface_duplicate": surface_duplicate,
    "surface_impossible": surface_impossible, "surface_wrong_for_tooth": surface_wrong_for_tooth,
    "diagnosis_count": diagnosis_count,
}
DIAGNOSIS_CHECKS: dict[str, Callable] = {
    "diagnosis_malformed": diagnosis_malformed, "diagnosis_unknown": diagnosis_unknown,
    "diagnosis_who_only": diagnosis_who_only, "diagnosis_heading": diagnosis_heading,
    "diagnosis_seventh_missing": diagnosis_seventh_missing, "diagnosis_not_usual": diagnosis_not_usual,
}
CODE_CHECKS: dict[str, Callable] = {"code_malformed": code_malformed, "code_unknown": code_unknown}
EDITION_CHECKS: dict[str, Callable] = {"code_deleted": code_deleted, "code_not_yet_valid": code_not_yet_valid}
RECORD_CHECKS: dict[str, Callable] = {
    "area_missing": area_missing, "area_not_taken": area_not_taken, "arch_mismatch": arch_mismatch,
    "surfaces_missing": surfaces_missing, "surfaces_not_taken": surfaces_not_taken,
    "surface_count": surface_count, "tooth_kind": tooth_kind, "tooth_dentition": tooth_dentition,
    "age_limit": age_limit, "patient_group": patient_group, "narrative_missing": narrative_missing,
}
CLAIM_CHECKS: dict[str, Callable] = {
    "same_date_pair": same_date_pair, "addon_without_base": addon_without_base,
    "duplicate_line": duplicate_line, "same_tooth_restorations": same_tooth_restorations,
    "confusable_pair": confusable_pair,
}
ALL_CHECKS = {**FIELD_CHECKS, **CODE_CHECKS, **EDITION_CHECKS, **RECORD_CHECKS, **CLAIM_CHECKS, **DIAGNOSIS_CHECKS}


class _Plan:
    """Which rules apply to which code, worked out once per code and kept."""

    def __init__(self, book: RuleBook):
        unknown = sorted({r.check for r in book.rules} - set(ALL_CHECKS))
        if unknown:
            from .errors import DataFileError
            raise DataFileError(f"The rules name checks the engine does not have: {', '.join(unknown)}.")
        self.book = book
        self.field = [(r, FIELD_CHECKS[r.check]) for r in book.rules if r.check in FIELD_CHECKS]
        self.code = [(r, CODE_CHECKS[r.check]) for r in book.rules if r.check in CODE_CHECKS]
        self.edition = [(r, EDITION_CHECKS[r.check]) for r in book.rules if r.check in EDITION_CHECKS]
        self.claim = [(CLAIM_CHECKS[c], rs) for c, rs in book.by_check.items() if c in CLAIM_CHECKS]
        self.diagnosis = [(r, DIAGNOSIS_CHECKS[r.check]) for r in book.rules if r.check in DIAGNOSIS_CHECKS]
        self._record_rules = [(r, RECORD_CHECKS[r.check]) for r in book.rules if r.check in RECORD_CHECKS]
        self._per_code: dict[str, tuple] = {}

    def record(self, proc: Procedure) -> tuple:
        plan = self._per_code.get(proc.code)
        if plan is None:   # computed at most a few times per code under races; all results equal
            plan = tuple((r, fn) for r, fn in self._record_rules
                         if (not r.codes or proc.code in r.codes) and _may_apply(r.check, proc))
            self._per_code[proc.code] = plan
        return plan


def _may_apply(check: str, proc: Procedure) -> bool:
    """Skip checks a record can never trip (keeps a 50-line check well under a millisecond)."""
    req = proc.requires
    return {
        "arch_mismatch": req.arch is not None, "surface_count": req.surfaces is not None,
        "surfaces_missing": req.surfaces is not None, "tooth_kind": bool(req.tooth_kind),
        "tooth_dentition": req.dentition is not None, "patient_group": req.patient is not None,
        "narrative_missing": req.narrative, "area_missing": req.area_required,
    }.get(check, True)


_plan: Optional[_Plan] = None


def check(lines, patient_age=None, tooth_system="Universal", history=None, profile=None) -> list[Finding]:
    """Findings for a claim's lines under the shipped rules, most severe first, then by line.

    With a ``history`` or a ``profile``, the profile's frequency, age, same-day and replacement
    limits are checked too (``frequency.py``); without either, only the claim itself is."""
    global _plan
    plan = _plan
    if plan is None:   # a race builds two equal plans; either one is fine
        plan = _plan = _Plan(rulebook())
    return run(plan, lines, patient_age, tooth_system, history, profile)


def check_with(book: RuleBook, lines, patient_age=None, tooth_system="Universal") -> list[Finding]:
    """Findings under another set of rules (a rule author's draft, a test's extra rule)."""
    return run(_Plan(book), lines, patient_age, tooth_system)


def _diagnosis_findings(plan: _Plan, line: Line, ctx: _Context, proc: Optional[Procedure]) -> list[Finding]:
    from .icd10cm import classify
    active = proc if proc is not None and proc.edition.deleted is None else None
    out = []
    seen = set()
    for raw in line.diagnoses:
        same = raw.strip().upper().replace(".", "")
        if same in seen:   # a code given twice ("K07.6", "k076") is reported once
            continue
        seen.add(same)
        dx = classify(raw)
        for rule, fn in plan.diagnosis:
            f = fn(rule, line, ctx, dx, active)
            if f is not None:
                out.append(f)
    return out


def run(plan: _Plan, lines, patient_age, tooth_system, history=None, profile=None) -> list[Finding]:
    claim, age, system = read_claim(lines, patient_age, tooth_system)
    ctx = _Context(plan.book, claim, age, system)
    lookup = cdt_data.lookup
    out: list[Finding] = []
    for line in claim:
        for rule, fn in plan.field:
            f = fn(rule, line, ctx)
            if f is not None:
                out.append(f)
        proc = lookup(line.code) if line.code is not None else None
        if line.diagnoses and plan.diagnosis:
            out.extend(_diagnosis_findings(plan, line, ctx, proc))
        if proc is None:
            for rule, fn in plan.code:
                f = fn(rule, line, ctx)
                if f is not None:
                    out.append(f)
            continue
        retired = False
        for rule, fn in plan.edition:
            f = fn(rule, line, ctx, proc)
            if f is not None:
                out.append(f)
                retired = retired or rule.check == "code_deleted"
        if retired:
            continue   # a deleted code's requirements no longer matter; the replacement's do
        ctx.records[line.index] = proc
        for rule, fn in plan.record(proc):
            f = fn(rule, line, ctx, proc)
            if f is not None:
                out.append(f)
    by_code = _codes_of(claim)
    for fn, rules in plan.claim:
        out.extend(fn(rules, ctx, by_code))
    if history is not None or profile is not None:
        from .frequency import findings
        out.extend(findings(claim, history, profile, age, system))
    out.sort(key=lambda f: (_RANK[f.severity], f.lines[0] if f.lines else -1))
    return out
