"""Reading a claim: validate its shape, normalise each line's fields.

Shape errors (not a list, not a mapping, unknown key, wrong type, unreadable date) raise
InvalidClaimError naming the line and field. Values a biller could plausibly type wrong
(a malformed code, a tooth that does not exist, an unknown surface letter) are kept, marked,
and reported by the engine as findings.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from .errors import InvalidClaimError, shorten
from .normalize import _CODE
from .teeth import Surfaces, Tooth, parse_arch, parse_area, parse_quadrant, parse_surfaces, parse_tooth

LINE_KEYS = frozenset({"code", "tooth", "surfaces", "quadrant", "arch", "area", "date", "narrative", "provider",
                       "diagnoses"})
TOOTH_SYSTEMS = {"universal": "Universal", "fdi": "FDI"}
MAX_PATIENT_AGE = 130  # years; the server's schema uses the same bound


@dataclass
class Line:
    """One claim line, normalised. ``code`` is None when the code is malformed."""

    index: int
    raw_code: str
    code: Optional[str]
    tooth_raw: object = None
    tooth: Optional[Tooth] = None
    surfaces: Optional[Surfaces] = None
    quadrant_raw: object = None
    quadrant: Optional[str] = None
    arch_raw: object = None
    arch: Optional[str] = None
    area_raw: object = None                # the claim form's area of the oral cavity, as given
    area_unreadable: bool = False
    date: Optional[dt.date] = None
    narrative: Optional[str] = None
    provider: Optional[str] = None         # for limits a payer counts per provider
    diagnoses: tuple[str, ...] = ()        # ICD-10-CM codes as given (checked by the engine, not here)

    given_areas: frozenset = frozenset()   # the kinds of area the line names, readable or not

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else "the same date"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, tuple)) and not (value.strip() if isinstance(value, str) else value))


def _area_value(value: object, i: int, key: str) -> object:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidClaimError(f"expected a string or number, not {type(value).__name__} {shorten(value)}.", i, key)
    if isinstance(value, int) and value.bit_length() > 64:  # no tooth, quadrant or arch; too long to print
        raise InvalidClaimError(f"expected a tooth, quadrant or arch, not {shorten(value)}.", i, key)
    return value


def _date(value: object, i: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidClaimError(f"a date is an ISO string such as '2026-03-04', not {type(value).__name__}.", i, "date")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidClaimError(f"{shorten(value)} is not an ISO date such as '2026-03-04'.", i, "date") from None


def read_line(i: int, raw: object, system: str) -> Line:
    if not isinstance(raw, Mapping):
        raise InvalidClaimError(f"each line is an object with a 'code', not {type(raw).__name__} {shorten(raw)}.", i)
    for key in raw:
        if key not in LINE_KEYS:
            allowed = ", ".join(sorted(LINE_KEYS))
            raise InvalidClaimError(f"unknown field; a line may carry {allowed}.", i, shorten(key, 30) if not isinstance(key, str) else key)
    if "code" not in raw or raw["code"] is None:
        raise InvalidClaimError("every line needs a procedure code, such as 'D0120'.", i, "code")
    code = raw["code"]
    if not isinstance(code, str):
        raise InvalidClaimError(f"a code is a string such as 'D0120', not {type(code).__name__} {shorten(code)}.", i, "code")
    match = _CODE.fullmatch(code.strip())
    line = Line(i, code, "D" + match.group(1) if match else None)

    value = raw.get("tooth")
    if not _blank(value):
        line.tooth_raw = _area_value(value, i, "tooth")
        line.tooth = parse_tooth(value, system)
    value = raw.get("surfaces")
    if not _blank(value):
        if not isinstance(value, (str, list, tuple)) or (not isinstance(value, str) and not all(isinstance(s, str) for s in value)):
            raise InvalidClaimError(f"surfaces are a string such as 'MOD' or a list of letters, not {shorten(value)}.", i, "surfaces")
        line.surfaces = parse_surfaces(value)
    value = raw.get("quadrant")
    if not _blank(value):
        line.quadrant_raw = _area_value(value, i, "quadrant")
        line.quadrant = parse_quadrant(value)
    value = raw.get("arch")
    if not _blank(value):
        line.arch_raw = _area_value(value, i, "arch")
        line.arch = parse_arch(value)
    sextant = None
    value = raw.get("area")
    if not _blank(value):
        line.area_raw = _area_value(value, i, "area")
        sextant = _read_area(line, i)
    line.given_areas = frozenset(k for k, v in (("tooth", line.tooth_raw), ("quadrant", line.quadrant_raw),
                                                ("arch", line.arch_raw), ("sextant", sextant)) if v is not None)
    value = raw.get("date")
    if not _blank(value):
        line.date = _date(value, i)
    value = raw.get("provider")
    if not _blank(value):
        line.provider = str(_area_value(value, i, "provider")).strip()
    value = raw.get("diagnoses")
    if not _blank(value):
        line.diagnoses = _diagnoses(value, i)
    value = raw.get("narrative")
    if value is not None:
        if not isinstance(value, str):
            raise InvalidClaimError(f"a narrative is text, not {type(value).__name__}.", i, "narrative")
        line.narrative = value.strip() or None
    return line


def _diagnoses(value: object, i: int) -> tuple[str, ...]:
    """The line's diagnosis codes as given: a list of strings, or one string of codes separated by
    commas or spaces. Blank items are dropped; whether each is a code is the engine's business."""
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = [v.strip() for v in value if v.strip()]
    else:
        raise InvalidClaimError(f"diagnoses are a list of ICD-10-CM codes such as ['K11.5'], not {shorten(value)}.",
                                i, "diagnoses")
    return tuple(items)


def _read_area(line: Line, i: int) -> Optional[str]:
    """Fold the claim form's area into the line's quadrant or arch; the sextant it names, if any.

    An unreadable area is kept and marked for a finding; an area that contradicts the line's own
    quadrant or arch is a malformed claim, since either could be the mistake."""
    area = parse_area(line.area_raw)
    if area is None:
        line.area_unreadable = True
        return None
    kind, value = area
    if kind in ("quadrant", "arch"):
        current = line.quadrant if kind == "quadrant" else line.arch
        if current is not None and current != value:
            raise InvalidClaimError(f"area {shorten(line.area_raw)} and {kind} {shorten(getattr(line, kind + '_raw'))} "
                                    "disagree; give one of them.", i, "area")
        if kind == "quadrant" and line.quadrant_raw is None:
            line.quadrant_raw, line.quadrant = line.area_raw, value
        elif kind == "arch" and line.arch_raw is None:
            line.arch_raw, line.arch = line.area_raw, value
    return value if kind == "sextant" else None


def read_claim(lines: object, patient_age: object, tooth_system: object) -> tuple[list[Line], Optional[float], str]:
    """The normalised lines, age and tooth system, or InvalidClaimError."""
    if not isinstance(tooth_system, str) or tooth_system.strip().lower() not in TOOTH_SYSTEMS:
        raise InvalidClaimError(f"tooth_system is 'Universal' or 'FDI', not {shorten(tooth_system)}.", field="tooth_system")
    system = TOOTH_SYSTEMS[tooth_system.strip().lower()]
    if patient_age is not None:
        # Compared as given, never converted: float(10**400) would raise OverflowError.
        if isinstance(patient_age, bool) or not isinstance(patient_age, (int, float)) \
                or (isinstance(patient_age, float) and not math.isfinite(patient_age)) \
                or not 0 <= patient_age <= MAX_PATIENT_AGE:
            raise InvalidClaimError(f"patient_age is a number of years from 0 to {MAX_PATIENT_AGE}, "
                                    f"not {shorten(patient_age)}.", field="patient_age")
    if not isinstance(lines, (list, tuple)):
        raise InvalidClaimError(f"the claim lines are a list of objects, not {type(lines).__name__}.", field="lines")
    return [read_line(i, raw, system) for i, raw in enumerate(lines)], patient_age, system
