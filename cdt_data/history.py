"""A patient's earlier services: lists of dicts shaped like claim lines, or files a practice
system exports (JSON or CSV with the columns date, code, tooth, surfaces, area, quadrant, arch,
provider). Each service needs an ISO date; every bad row is an InvalidHistoryError naming it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
from dataclasses import dataclass
from typing import Optional

from .claim_input import Line, _date
from .errors import InvalidClaimError, shorten
from .normalize import _CODE
from .teeth import arch_of_quadrant, parse_arch, parse_area, parse_quadrant, parse_tooth

HISTORY_KEYS = ("date", "code", "tooth", "surfaces", "area", "quadrant", "arch", "provider", "tooth_system")


class InvalidHistoryError(InvalidClaimError):
    """A history the checker cannot read. ``row`` is the service's 1-based place in the history
    (in a CSV file, counted after the header row), ``field`` the field, ``file`` the file."""

    def __init__(self, problem: str, row: Optional[int] = None, field: Optional[str] = None,
                 file: Optional[str] = None):
        super().__init__(problem, None, field)
        self.row, self.file = row, file
        where = [x for x in (file, f"row {row}" if row is not None else None,
                             f"field {field!r}" if field else None) if x]
        self.args = (f"History {', '.join(where)}: {problem}" if where else f"History: {problem}",)


@dataclass(frozen=True)
class Service:
    """One earlier (or claimed) service, normalised for frequency counting."""

    date: dt.date
    code: str
    tooth: Optional[str]       # Universal label, whatever numbering it came in
    quadrant: Optional[str]
    arch: Optional[str]
    provider: Optional[str]
    row: Optional[int] = None  # 1-based row of the history, None for a claim line
    line: Optional[int] = None  # index of the claim line, None for history

    def where(self) -> str:
        return f"history row {self.row}" if self.row is not None else f"claim line {self.line + 1}"


def service_of(line: Line, date: dt.date, provider: Optional[str], row=None) -> Service:
    """The service a line describes; its arch is the one the line names, or its quadrant's or
    tooth's, or the arch the code itself fixes (D5110 is an upper denture)."""
    import cdt_data
    tooth = line.tooth
    quadrant = line.quadrant or (tooth.quadrant if tooth else None)
    arch = line.arch or (("maxillary" if quadrant[0] == "U" else "mandibular") if quadrant else None)
    if arch is None:
        proc = cdt_data.lookup(line.code)
        arch = proc.requires.arch if proc is not None else None
    return Service(date, line.code, tooth.universal if tooth else None, quadrant, arch, provider, row,
                   None if row is not None else line.index)


def read_history(history, tooth_system: str = "Universal") -> list[Service]:
    """Services from a list of dicts (each with an ISO ``date``); InvalidHistoryError for bad rows.

    Only what frequency limits count by is read (date, code, tooth, quadrant, arch, area,
    provider); surfaces may be present and are not needed."""
    if history is None:
        return []
    if isinstance(history, (str, bytes, dict)) or not hasattr(history, "__iter__"):
        raise InvalidHistoryError(f"the history is a list of earlier services, not {type(history).__name__}.")
    import cdt_data
    default = _system(tooth_system, None)
    lookup = cdt_data.lookup
    return [_service(n, raw, default, lookup) for n, raw in enumerate(history, start=1)]


def _service(n: int, raw, default_system: str, lookup) -> Service:
    if not isinstance(raw, dict):
        raise InvalidHistoryError(f"each service is an object with a date and a code, not {shorten(raw)}.", n)
    if not _KEYS.issuperset(raw):
        key = next(k for k in raw if k not in _KEYS)
        raise InvalidHistoryError(f"unknown field; a service may carry {', '.join(HISTORY_KEYS)}.", n,
                                  key if isinstance(key, str) else shorten(key, 30))
    value = raw.get("date")
    if value in (None, ""):
        raise InvalidHistoryError("every earlier service needs its date (YYYY-MM-DD).", n, "date")
    date = _iso_date(value) if type(value) is str and len(value) == 10 else None
    if date is None:
        try:
            date = _date(value, n - 1)
        except InvalidClaimError as exc:
            raise InvalidHistoryError(exc.problem, n, "date") from None
    code = raw.get("code")
    proc = lookup(code) if isinstance(code, str) else None
    if proc is None:
        what = "is not a CDT code such as D1110" if not isinstance(code, str) or not _CODE.fullmatch(code.strip()) \
            else "is not a CDT code of any edition; remove the row or fix the code"
        raise InvalidHistoryError(f"{shorten(code)} {what}.", n, "code")
    system = default_system if raw.get("tooth_system") in (None, "") else _system(raw["tooth_system"], n)
    tooth = None
    value = raw.get("tooth")
    if value not in (None, ""):
        tooth = parse_tooth(value, system) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if tooth is None:
            raise InvalidHistoryError(f"{shorten(value)} is not a tooth in the {system} numbering.", n, "tooth")
    quadrant = _area(raw, "quadrant", parse_quadrant, n)
    arch = _area(raw, "arch", parse_arch, n)
    value = raw.get("area")
    if value not in (None, ""):
        area = parse_area(value)
        if area is None:
            raise InvalidHistoryError(f"{shorten(value)} is not an area of the oral cavity (00, 01, 02, 10-40, "
                                      "U, L, UR, UL, LL, LR).", n, "area")
        quadrant = quadrant or (area[1] if area[0] == "quadrant" else None)
        arch = arch or (area[1] if area[0] == "arch" else None)
    quadrant = quadrant or (tooth.quadrant if tooth else None)
    arch = arch or (arch_of_quadrant(quadrant) if quadrant else None) or proc.requires.arch
    provider = raw.get("provider")
    if provider not in (None, "") and (isinstance(provider, bool) or not isinstance(provider, (str, int))):
        raise InvalidHistoryError("a provider is a name or number.", n, "provider")
    return Service(date, proc.code, tooth.universal if tooth else None, quadrant, arch,
                   None if provider in (None, "") else str(provider).strip(), n, None)


_KEYS = frozenset(HISTORY_KEYS)


def _iso_date(text: str) -> Optional[dt.date]:
    """The common case, YYYY-MM-DD, without the general reader's checks; None to fall back."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _area(raw: dict, key: str, parse, n: int):
    value = raw.get(key)
    if value in (None, ""):
        return None
    found = parse(value)
    if found is None:
        raise InvalidHistoryError(f"{shorten(value)} is not {'an' if key[0] == 'a' else 'a'} {key}.", n, key)
    return found


def _system(value, n: Optional[int]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in ("universal", "fdi"):
        raise InvalidHistoryError(f"tooth_system is Universal or FDI, not {shorten(value)}.", n, "tooth_system")
    return "FDI" if value.strip().lower() == "fdi" else "Universal"


def load_history_file(path: str) -> list[dict]:
    """The rows of a JSON (a list, or {"history": [...]}) or CSV history file, as dicts."""
    p = pathlib.Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidHistoryError(f"cannot read it ({exc.strerror}).", file=path) from None
    except UnicodeDecodeError:
        raise InvalidHistoryError("it is not UTF-8 text.", file=path) from None
    if p.suffix.lower() == ".csv":
        return _csv_rows(text, path)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidHistoryError(f"not valid JSON ({exc}).", file=path) from None
    if isinstance(data, dict) and set(data) == {"history"}:
        data = data["history"]
    if not isinstance(data, list):
        raise InvalidHistoryError('a history file holds a list of services or {"history": [...]}.', file=path)
    return data


def _csv_rows(text: str, path: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "date" not in header or "code" not in header:
        raise InvalidHistoryError("the first row names the columns; date and code are required "
                                  f"(known: {', '.join(HISTORY_KEYS)}).", file=path)
    unknown = [h for h in header if h not in HISTORY_KEYS]
    if unknown:
        raise InvalidHistoryError(f"unknown column {unknown[0]!r}; the columns are {', '.join(HISTORY_KEYS)}.",
                                  file=path)
    rows = []
    for raw in reader:
        if None in raw:
            raise InvalidHistoryError("this row has more cells than the header.", len(rows) + 1, file=path)
        rows.append({k.strip().lower(): v.strip() for k, v in raw.items() if v is not None and v.strip()})
    return rows
