"""Payer profiles: a plan's frequency, age, same-day and replacement limits, as data.

A profile is a TOML file (docs/decisions/0008-payer-profiles-in-toml.md): code groups, then
tables of rules. The shipped ``common`` profile holds widely published norms, each with its
public source; a practice writes one file per payer in its profiles folder. Every fault in a
file is a ProfileError naming the file, the rule and the field.
"""
from __future__ import annotations

import os
import pathlib
import re
import sys
import threading
from dataclasses import dataclass, field
from typing import Optional, Union

from .errors import CdtDataError
from .periods import Period

PER = ("patient", "tooth", "quadrant", "arch", "provider")
SEVERITIES = ("error", "warning", "info")
TABLES = ("limit", "replacement", "age", "same_day", "alternate_benefit")
_ITEM = re.compile(r"D(\d{4})(?:-D(\d{4}))?")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
SHIPPED = ("common", "sample-plan")


class ProfileError(CdtDataError, ValueError):
    """A profile that cannot be used: ``file``, ``rule`` and ``field`` say where (each may be None)."""

    def __init__(self, problem: str, file: Optional[str] = None, rule: Optional[str] = None,
                 field: Optional[str] = None):
        self.problem, self.file, self.rule, self.field = problem, file, rule, field
        where = ", ".join(x for x in (file, f"rule {rule}" if rule else None,
                                      f"field {field!r}" if field else None) if x)
        super().__init__(f"{where}: {problem}" if where else problem)


@dataclass(frozen=True)
class Limit:
    """N services of the codes per period per unit; a replacement is a limit of one per tooth
    or arch over years, worded as a replacement."""

    id: str
    codes: frozenset
    count: int
    per: str
    period: Period
    source: str
    note: str = ""
    replacement: bool = False
    group: str = ""


@dataclass(frozen=True)
class AgeLimit:
    """Codes the plan pays only below an age (``under``) or from an age (``at_least``)."""

    id: str
    codes: frozenset
    under: Optional[float]
    at_least: Optional[float]
    source: str
    note: str = ""
    group: str = ""


@dataclass(frozen=True)
class SameDay:
    """Codes the plan does not pay on the same date as any of ``with_codes``."""

    id: str
    codes: frozenset
    with_codes: frozenset
    source: str
    note: str = ""


@dataclass(frozen=True)
class AlternateBenefit:
    """Codes the plan pays at the fee of ``paid_as`` (information, not an error)."""

    id: str
    codes: frozenset
    paid_as: tuple
    source: str
    note: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    note: str
    severity: str
    path: str
    groups: dict = field(default_factory=dict, compare=False)
    limits: tuple = ()
    ages: tuple = ()
    same_day: tuple = ()
    alternates: tuple = ()

    def __repr__(self) -> str:
        return f"Profile(name={self.name!r}, rules={self.rule_count})"

    def limits_for(self, code: str) -> list[str]:
        """Each rule of this profile that applies to ``code``, as one plain sentence."""
        out = []
        for r in self.limits:
            if code not in r.codes:
                continue
            others = sorted(r.codes - {code})
            shared = f" (shared with {_short(others)})" if others else ""
            if r.replacement:
                out.append(f"Replaced once per {r.per} per {r.period.describe()}{shared}.")
            else:
                out.append(f"{r.count} per {r.period.describe()} per {r.per}{shared}.")
        for r in self.ages:
            if code in r.codes:
                span = f"below age {r.under:g}" if r.under is not None else f"from age {r.at_least:g}"
                out.append(f"Covered {span}.")
        for r in self.same_day:
            if code in r.codes:
                out.append(f"Not paid on the same day as {_short(sorted(r.with_codes))}.")
        for r in self.alternates:
            if code in r.codes:
                out.append(f"May be paid at the fee of {', '.join(r.paid_as)} (alternate benefit).")
        return out

    @property
    def rule_count(self) -> int:
        return len(self.limits) + len(self.ages) + len(self.same_day) + len(self.alternates)

    def to_dict(self) -> dict:
        def codes(c):
            return sorted(c)
        return {
            "name": self.name, "title": self.title, "description": self.description, "note": self.note,
            "severity": self.severity,
            "limits": [{"id": r.id, "codes": codes(r.codes), "count": r.count, "per": r.per,
                        "period": r.period.describe(), "replacement": r.replacement, "source": r.source,
                        "note": r.note} for r in self.limits],
            "ages": [{"id": r.id, "codes": codes(r.codes), "under": r.under, "at_least": r.at_least,
                      "source": r.source, "note": r.note} for r in self.ages],
            "same_day": [{"id": r.id, "codes": codes(r.codes), "with": codes(r.with_codes), "source": r.source,
                          "note": r.note} for r in self.same_day],
            "alternate_benefits": [{"id": r.id, "codes": codes(r.codes), "paid_as": list(r.paid_as),
                                    "source": r.source, "note": r.note} for r in self.alternates],
        }


def _short(codes: list) -> str:
    return ", ".join(codes) if len(codes) <= 5 else f"{', '.join(codes[:4])} and {len(codes) - 4} more"


# --- where profiles live -----------------------------------------------------------------

def user_folder() -> pathlib.Path:
    """The practice's profiles folder: $CDT_PROFILES_DIR, else the platform's config folder."""
    configured = os.environ.get("CDT_PROFILES_DIR")
    if configured:
        return pathlib.Path(configured).expanduser()
    home = pathlib.Path.home()
    if sys.platform == "win32":
        base = pathlib.Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = pathlib.Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return base / "dental-code-guide" / "profiles"


def _shipped(name: str):
    from importlib.resources import files
    return files(__package__).joinpath("profiles", f"{name}.toml")


def available() -> list[dict]:
    """Every profile that can be named: the shipped ones, then the practice's own."""
    out = [{"name": n, "origin": "shipped", "path": f"cdt_data/profiles/{n}.toml"} for n in SHIPPED]
    folder = user_folder()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            if path.stem not in SHIPPED:
                out.append({"name": path.stem, "origin": "user", "path": str(path)})
    return out


_cache: dict = {}
_lock = threading.Lock()


def load(spec: Union[None, str, os.PathLike, Profile] = None) -> Profile:
    """A profile by name ("common", a file in the practice's folder), by path, or as given."""
    if isinstance(spec, Profile):
        return spec
    if spec is None:
        spec = "common"
    if not isinstance(spec, (str, os.PathLike)):
        raise ProfileError(f"a profile is a name, a path or a Profile, not {type(spec).__name__}.")
    text_spec = os.fspath(spec)
    if isinstance(spec, os.PathLike) or text_spec.endswith(".toml") or os.sep in text_spec:
        path = pathlib.Path(text_spec).expanduser()
        if not path.is_file():
            raise ProfileError("no such profile file.", file=text_spec)
        return _load_file(path.read_bytes(), str(path), path.stem, key=(str(path.resolve()), path.stat().st_mtime_ns))
    if text_spec in SHIPPED:
        return _load_file(_shipped(text_spec).read_bytes(), f"cdt_data/profiles/{text_spec}.toml", text_spec,
                          key=("shipped", text_spec))
    path = user_folder() / f"{text_spec}.toml"
    if _ID.match(text_spec) and path.is_file():
        return _load_file(path.read_bytes(), str(path), text_spec, key=(str(path), path.stat().st_mtime_ns))
    names = ", ".join(p["name"] for p in available())
    raise ProfileError(f"no profile named {text_spec!r}; known profiles: {names} "
                       f"(a practice's own go in {user_folder()}).")


def _load_file(data: bytes, where: str, stem: str, key) -> Profile:
    found = _cache.get(key)
    if found is None:
        with _lock:
            found = _cache.get(key)
            if found is None:
                found = _cache[key] = parse(data, where, stem)
    return found


def parse(data: bytes, where: str = "<profile>", stem: str = "profile") -> Profile:
    """A Profile from the bytes of a TOML file; ProfileError naming file, rule and field."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProfileError("the file is not UTF-8 text.", file=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"not valid TOML ({exc}).", file=where) from None
    return _Reader(raw, where, stem).profile()


class _Reader:
    """Reads and checks one parsed file, naming the rule and field of every fault."""

    def __init__(self, raw: dict, where: str, stem: str):
        self.raw, self.where, self.stem = raw, where, stem
        self.rule: Optional[str] = None
        self.known = None

    def fail(self, problem: str, field: Optional[str] = None):
        raise ProfileError(problem, file=self.where, rule=self.rule, field=field)

    def profile(self) -> Profile:
        extra = sorted(set(self.raw) - {"profile", "groups", *TABLES})
        if extra:
            self.fail(f"unknown table {extra[0]!r}; a profile has [profile], [groups] and "
                      f"[[{']], [['.join(TABLES)}]].")
        head = self._table(self.raw.get("profile", {}), "profile")
        self._keys(head, {"name", "title", "description", "note", "severity", "benefit_year_start"}, "profile")
        severity = self._text(head, "severity", default="warning")
        if severity not in SEVERITIES:
            self.fail(f"severity is one of {', '.join(SEVERITIES)}, not {severity!r}.", "severity")
        self.start_month = head.get("benefit_year_start", 1)
        if isinstance(self.start_month, bool) or not isinstance(self.start_month, int) or not 1 <= self.start_month <= 12:
            self.fail("benefit_year_start is a month number from 1 to 12.", "benefit_year_start")
        groups_raw = self._table(self.raw.get("groups", {}), "groups")
        self.groups = {}
        for name, items in groups_raw.items():
            self.rule = f"groups.{name}"
            self.groups[name] = self._codes(items, name)
        self.rule = None
        seen: set[str] = set()
        tables = {}
        for table in TABLES:
            rows = self.raw.get(table, [])
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                self.fail(f"[[{table}]] is a list of tables.", table)
            out = []
            for n, row in enumerate(rows):
                self.rule = f"{table}[{n}]"
                rid = row.get("id")
                if not isinstance(rid, str) or not _ID.match(rid):
                    self.fail("every rule needs an id of lower-case letters, digits and dashes.", "id")
                self.rule = f"{table}[{n}] ({rid})"
                if rid in seen:
                    self.fail("this id is used twice in the profile.", "id")
                seen.add(rid)
                out.append(getattr(self, "_" + table)(row, rid))
            tables[table] = tuple(out)
        self.rule = None
        return Profile(
            name=self._text(head, "name", default=self.stem), title=self._text(head, "title", default=self.stem),
            description=self._text(head, "description", default=""), note=self._text(head, "note", default=""),
            severity=severity, path=self.where, groups=self.groups,
            limits=tables["limit"] + tables["replacement"], ages=tables["age"], same_day=tables["same_day"],
            alternates=tables["alternate_benefit"])

    # -- the tables ------------------------------------------------------------------------
    def _limit(self, row: dict, rid: str, replacement: bool = False) -> Limit:
        allowed = {"id", "codes", "group", "count", "per", "period", "months", "days", "plus_one_day",
                   "source", "note"}
        self._keys(row, allowed - ({"count"} if replacement else set()), None)
        codes, group = self._rule_codes(row)
        count = 1 if replacement else row.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            self.fail("count is a whole number of services, 1 or more.", "count")
        per = row.get("per", "tooth" if replacement else "patient")
        if per not in PER:
            self.fail(f"per is one of {', '.join(PER)}, not {per!r}.", "per")
        return Limit(rid, codes, count, per, self._period(row), self._source(row),
                     self._text(row, "note", default=""), replacement, group)

    def _replacement(self, row: dict, rid: str) -> Limit:
        return self._limit(row, rid, replacement=True)

    def _age(self, row: dict, rid: str) -> AgeLimit:
        self._keys(row, {"id", "codes", "group", "under", "through", "at_least", "source", "note"}, None)
        codes, group = self._rule_codes(row)
        if "under" in row and "through" in row:
            self.fail("give under or through, not both.", "through")
        under = self._age_value(row, "under")
        through = self._age_value(row, "through")
        if through is not None:
            under = through + 1   # "through 14" covers the whole 14th year: under 15
        at_least = self._age_value(row, "at_least")
        if under is None and at_least is None:
            self.fail("an age rule needs under, through or at_least.", "under")
        if under is not None and at_least is not None and at_least >= under:
            self.fail("at_least must be below the upper age.", "at_least")
        return AgeLimit(rid, codes, under, at_least, self._source(row), self._text(row, "note", default=""), group)

    def _same_day(self, row: dict, rid: str) -> SameDay:
        self._keys(row, {"id", "codes", "group", "with", "source", "note"}, None)
        codes, _ = self._rule_codes(row)
        if "with" not in row:
            self.fail("a same-day rule names the codes it excludes in with.", "with")
        return SameDay(rid, codes, self._codes(row["with"], "with"), self._source(row), self._text(row, "note", default=""))

    def _alternate_benefit(self, row: dict, rid: str) -> AlternateBenefit:
        self._keys(row, {"id", "codes", "group", "paid_as", "source", "note"}, None)
        codes, _ = self._rule_codes(row)
        paid = row.get("paid_as")
        if not isinstance(paid, list) or not paid:
            self.fail("paid_as lists the codes (or ranges) whose fee the plan pays instead.", "paid_as")
        self._codes(paid, "paid_as")
        return AlternateBenefit(rid, codes, tuple(paid), self._source(row), self._text(row, "note", default=""))

    # -- fields ----------------------------------------------------------------------------
    def _period(self, row: dict) -> Period:
        given = [k for k in ("period", "months", "days") if k in row]
        if len(given) != 1:
            self.fail("give exactly one of period (\"calendar-year\", \"benefit-year\", \"lifetime\"), "
                      "months or days.", "period")
        plus = row.get("plus_one_day", False)
        if not isinstance(plus, bool):
            self.fail("plus_one_day is true or false.", "plus_one_day")
        key = given[0]
        if key == "period":
            kind = row["period"]
            if kind not in ("calendar-year", "benefit-year", "lifetime"):
                self.fail(f"period is calendar-year, benefit-year or lifetime, not {kind!r}; "
                          "for a rolling period write months = N or days = N.", "period")
            if plus:
                self.fail("plus_one_day goes with months or days, not a year or lifetime.", "plus_one_day")
            return Period(kind, start_month=self.start_month)
        n = row[key]
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= (1200 if key == "months" else 36500):
            self.fail(f"{key} is a whole number, 1 or more.", key)
        return Period(key, n, plus)

    def _rule_codes(self, row: dict) -> tuple[frozenset, str]:
        if ("codes" in row) == ("group" in row):
            self.fail("give the codes or the name of a group, one of them.", "codes")
        if "group" in row:
            name = row["group"]
            if name not in self.groups:
                self.fail(f"no group named {name!r} in [groups].", "group")
            return self.groups[name], name
        return self._codes(row["codes"], "codes"), ""

    def _codes(self, items, field_name: str) -> frozenset:
        if not isinstance(items, list) or not items:
            self.fail("a list of codes or ranges such as \"D2140-D2161\".", field_name)
        known = self._known()
        out = set()
        for item in items:
            m = _ITEM.fullmatch(item) if isinstance(item, str) else None
            if m is None:
                self.fail(f"{item!r} is not a code or a range such as \"D2140-D2161\".", field_name)
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if hi < lo:
                self.fail(f"the range {item} runs backwards.", field_name)
            span = {f"D{n:04d}" for n in range(lo, hi + 1)} & known
            if not span:
                self.fail(f"{item} names no CDT code.", field_name)
            out |= span
        return frozenset(out)

    def _known(self) -> set:
        if self.known is None:
            import cdt_data
            self.known = {p.code for p in cdt_data.codes(include_deleted=True)}
        return self.known

    def _source(self, row: dict) -> str:
        source = row.get("source")
        if not isinstance(source, str) or len(source.strip()) < 5:
            self.fail("every rule names its source (a plan document, a public page).", "source")
        return source.strip()

    def _age_value(self, row: dict, key: str) -> Optional[float]:
        if key not in row:
            return None
        value = row[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 130:
            self.fail(f"{key} is an age in years from 0 to 130.", key)
        return value

    def _text(self, table: dict, key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.fail(f"{key} is text.", key)
        return value

    def _table(self, value, name: str) -> dict:
        if not isinstance(value, dict):
            self.fail(f"[{name}] is a table.", name)
        return value

    def _keys(self, row: dict, allowed: set, table: Optional[str]) -> None:
        extra = sorted(set(row) - allowed)
        if extra:
            self.fail(f"unknown field; the fields here are {', '.join(sorted(allowed))}.", extra[0])
