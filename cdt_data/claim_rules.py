"""The claim rules: JSON files in ``cdt_data/rules/``, one per rule family, read once.

A rule names the engine check that applies it (``check``), the codes it concerns (``[]``:
every code, the records deciding), its severity, message template, rationale, public source
and whether it varies by payer. Rule-specific parameters (``with``, ``base``, ``below`` ...)
sit beside those keys. Code lists may hold inclusive ranges ("D2140-D2799"). A file may also list ``alternatives``: groups of codes that stand in for
each other by tooth kind, dentition, surface count, arch or age, from which the engine picks
the code to suggest.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Optional

from .errors import DataFileError

_ITEM = re.compile(r"D(\d{4})(?:-D(\d{4}))?")
SEVERITIES = ("error", "warning", "info")
REQUIRED_KEYS = ("id", "check", "severity", "codes", "message", "rationale", "source", "varies_by_payer")
# Keys every rule may carry; anything else is a parameter of its check.
COMMON_KEYS = frozenset(REQUIRED_KEYS) | {"message_no_suggestion"}


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    severity: str
    codes: frozenset            # expanded; empty means every code
    message: str
    rationale: str
    source: str
    varies_by_payer: bool
    family: str
    message_no_suggestion: Optional[str] = None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def codes_param(self, key: str) -> frozenset:
        return self.params.get("_" + key, frozenset())


def _expand(items, where: str) -> frozenset:
    """Codes and inclusive ranges ("D2140-D2799") as one set of code strings."""
    out = set()
    for item in items:
        match = _ITEM.fullmatch(item) if isinstance(item, str) else None
        if match is None:
            raise DataFileError(f"{where}: {item!r} is not a code or a range such as 'D2140-D2799'.")
        lo, hi = match.group(1), match.group(2) or match.group(1)
        out.update(f"D{n:04d}" for n in range(int(lo), int(hi) + 1))
    return frozenset(out)


class RuleBook:
    """Every rule, plus the indexes the engine uses, built once on first use."""

    def __init__(self, rules: list[Rule], alternatives: dict[str, tuple[str, ...]]):
        self.rules = rules
        self.alternatives = alternatives
        self.by_check: dict[str, list[Rule]] = {}
        for rule in rules:
            self.by_check.setdefault(rule.check, []).append(rule)
        # code -> rules of a check that concern that code (for checks with explicit codes)
        self._by_code: dict[str, dict[str, tuple[Rule, ...]]] = {}
        for check, found in self.by_check.items():
            index: dict[str, list[Rule]] = {}
            for rule in found:
                for code in rule.codes:
                    index.setdefault(code, []).append(rule)
            self._by_code[check] = {c: tuple(r) for c, r in index.items()}
        self.age_limited = frozenset(self._by_code.get("age_limit", {}))
        # code pairs a same-date or add-on rule speaks about; other checks leave them alone
        self.governed_pairs = frozenset(
            frozenset((code, other))
            for check, key in (("same_date_pair", "with"), ("addon_without_base", "base"))
            for rule in self.by_check.get(check, ()) for code in rule.codes for other in rule.codes_param(key)
        )

    def for_code(self, check: str, code: str) -> tuple[Rule, ...]:
        return self._by_code.get(check, {}).get(code, ())

    def triggers(self, check: str) -> dict[str, tuple[Rule, ...]]:
        return self._by_code.get(check, {})


def load_rulebook(root) -> RuleBook:
    """Every ``*.json`` rule file in ``root`` (a folder: Path or importlib Traversable)."""
    rules: list[Rule] = []
    groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for path in sorted(root.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        where = f"rules/{path.name}"
        try:
            data = json.loads(path.read_bytes())
            family = data["family"]
            raw_rules = data["rules"]
        except (ValueError, KeyError, TypeError) as exc:
            raise DataFileError(f"The rule file {where} is damaged ({exc!r}); reinstall cdt-data.") from exc
        for raw in raw_rules:
            missing = [k for k in REQUIRED_KEYS if k not in raw]
            if missing:
                raise DataFileError(f"{where}: rule {raw.get('id')!r} lacks {', '.join(missing)}.")
            if raw["id"] in seen:
                raise DataFileError(f"{where}: rule id {raw['id']!r} is used twice.")
            if raw["severity"] not in SEVERITIES:
                raise DataFileError(f"{where}: rule {raw['id']!r} has severity {raw['severity']!r}.")
            seen.add(raw["id"])
            params = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
            for key in ("with", "base", "repeatable"):
                if key in params:
                    params["_" + key] = _expand(params[key], f"{where} {raw['id']}")
            rules.append(Rule(
                id=raw["id"], check=raw["check"], severity=raw["severity"],
                codes=_expand(raw["codes"], f"{where} {raw['id']}"),
                message=raw["message"], rationale=raw["rationale"], source=raw["source"],
                varies_by_payer=bool(raw["varies_by_payer"]), family=family,
                message_no_suggestion=raw.get("message_no_suggestion"), params=params,
            ))
        groups.extend(tuple(g) for g in data.get("alternatives", ()))
    alternatives: dict[str, list[str]] = {}
    for group in groups:
        for code in group:
            bucket = alternatives.setdefault(code, [])
            bucket.extend(c for c in group if c != code and c not in bucket)
    return RuleBook(rules, {c: tuple(a) for c, a in alternatives.items()})


_book: Optional[RuleBook] = None
_lock = threading.Lock()


def rulebook() -> RuleBook:
    """The shipped rules, loaded once, lazily, under a lock."""
    global _book
    book = _book
    if book is None:
        with _lock:
            if _book is None:
                _book = load_rulebook(files(__package__).joinpath("rules"))
            book = _book
    return book
