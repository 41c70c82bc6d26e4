"""Tooth numbers and surfaces as the ADA claim form names them.

Universal (ADA) numbering: 1-32 permanent, A-T primary, 51-82 and AS-TS supernumerary
(the tooth it sits beside, plus 50 or plus "S"). FDI (ISO 3950) two-digit numbers are
converted exactly to Universal. Surfaces: M O D B F L I; I and F belong to anterior
teeth, O and B to posterior ones.

Everything here is pure and table-driven; parsing returns None (or a reason) rather than
raising, because a bad tooth number is something a biller types, not a programming error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

PRIMARY_LETTERS = "ABCDEFGHIJKLMNOPQRST"
SURFACE_LETTERS = "MODBFLI"
ANTERIOR_ONLY = frozenset("IF")
POSTERIOR_ONLY = frozenset("OB")


@dataclass(frozen=True)
class Tooth:
    """One tooth, named in Universal numbering whatever system the caller used."""

    universal: str          # "30", "K", "55", "KS"
    dentition: str          # "permanent" | "primary"
    kind: str               # "anterior" | "premolar" | "molar"
    arch: str               # "maxillary" | "mandibular"
    quadrant: str           # "UR" | "UL" | "LL" | "LR"
    supernumerary: bool = False

    @property
    def posterior(self) -> bool:
        return self.kind != "anterior"

    def is_kind(self, kind: str) -> bool:
        """Whether the tooth is of a record's ``tooth_kind`` value (posterior = premolar or molar)."""
        return self.kind == kind or (kind == "posterior" and self.posterior)

    @property
    def label(self) -> str:
        return "#" + self.universal


def _permanent_kind(n: int) -> str:
    pos = n if n <= 16 else 33 - n   # mirror the lower arch onto the upper: 17 -> 16, 32 -> 1
    if pos > 8:
        pos = 17 - pos               # mirror left onto right: 9 -> 8, 16 -> 1
    return "molar" if pos <= 3 else "premolar" if pos <= 5 else "anterior"


def _quadrant_of(index: int, per_quadrant: int) -> str:
    return ("UR", "UL", "LL", "LR")[index // per_quadrant]


def _permanent(n: int, supernumerary: bool = False) -> Tooth:
    quadrant = _quadrant_of(n - 1, 8)
    return Tooth(str(n + 50) if supernumerary else str(n), "permanent", _permanent_kind(n),
                 "maxillary" if n <= 16 else "mandibular", quadrant, supernumerary)


def _primary(letter: str, supernumerary: bool = False) -> Tooth:
    i = PRIMARY_LETTERS.index(letter)
    pos = i % 5 if i // 5 in (0, 2) else 4 - i % 5   # 0 = second molar ... 4 = central incisor
    kind = "molar" if pos <= 1 else "anterior"
    return Tooth(letter + ("S" if supernumerary else ""), "primary", kind,
                 "maxillary" if i < 10 else "mandibular", _quadrant_of(i, 5), supernumerary)


# Every valid Universal designation, built once at import (a few hundred small objects).
_UNIVERSAL: dict[str, Tooth] = {}
for _n in range(1, 33):
    _UNIVERSAL[str(_n)] = _permanent(_n)
    _UNIVERSAL[str(_n + 50)] = _permanent(_n, supernumerary=True)
for _c in PRIMARY_LETTERS:
    _UNIVERSAL[_c] = _primary(_c)
    _UNIVERSAL[_c + "S"] = _primary(_c, supernumerary=True)


def fdi_to_universal(fdi: str) -> Optional[str]:
    """The Universal designation of an FDI two-digit number ("36" -> "19", "55" -> "A")."""
    if len(fdi) != 2 or not fdi.isdigit():
        return None
    quadrant, pos = int(fdi[0]), int(fdi[1])
    if 1 <= quadrant <= 4 and 1 <= pos <= 8:
        return str((9 - pos, 8 + pos, 25 - pos, 24 + pos)[quadrant - 1])
    if 5 <= quadrant <= 8 and 1 <= pos <= 5:
        return PRIMARY_LETTERS[(5 - pos, 4 + pos, 15 - pos, 14 + pos)[quadrant - 5]]
    return None


def parse_tooth(raw: object, system: str = "Universal") -> Optional[Tooth]:
    """The tooth named by ``raw`` (str or int) in ``system``, or None if it names no tooth."""
    if isinstance(raw, bool):
        return None
    text = str(raw).strip().upper().lstrip("#") if isinstance(raw, (str, int)) else ""
    if system == "FDI":
        text = fdi_to_universal(text.replace(".", "").replace("-", "")) or ""
    elif text.isdigit():
        text = str(int(text))    # "03" -> "3"
    return _UNIVERSAL.get(text)


@dataclass(frozen=True)
class Surfaces:
    """Parsed surface letters: ``letters`` in the order given, plus what was wrong with them."""

    letters: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()

    @property
    def distinct(self) -> frozenset:
        return frozenset(self.letters)

    @property
    def text(self) -> str:
        return "".join(self.letters)


def parse_surfaces(raw: object) -> Surfaces:
    """Surface letters from "MOD", "m,o,d", "M O D" or ["M", "O", "D"], case-insensitive."""
    text = raw if isinstance(raw, str) else "".join(str(item) for item in raw)
    chars = [c for c in text.upper() if c not in " ,;/-+"]
    seen: list[str] = []
    unknown: list[str] = []
    duplicates: list[str] = []
    for c in chars:
        if c not in SURFACE_LETTERS:
            unknown.append(c)
        elif c in seen:
            duplicates.append(c)
        else:
            seen.append(c)
    return Surfaces(tuple(seen), tuple(unknown), tuple(duplicates))


def impossible_pairs(surfaces: Surfaces) -> list[tuple[str, str]]:
    """Letter pairs that cannot name surfaces of one tooth: an anterior-only letter (I, F)
    beside a posterior-only one (O, B)."""
    have = surfaces.distinct
    return [(a, p) for a in "IF" for p in "OB" if a in have and p in have]


def wrong_for_tooth(surfaces: Surfaces, tooth: Tooth) -> tuple[str, ...]:
    """Letters that do not exist on this tooth: I or F on a posterior tooth, O or B on an anterior one."""
    banned = ANTERIOR_ONLY if tooth.posterior else POSTERIOR_ONLY
    return tuple(c for c in surfaces.letters if c in banned)


_QUADRANTS = {
    "UR": "UR", "UL": "UL", "LL": "LL", "LR": "LR", "10": "UR", "20": "UL", "30": "LL", "40": "LR",
    "UPPERRIGHT": "UR", "UPPERLEFT": "UL", "LOWERLEFT": "LL", "LOWERRIGHT": "LR",
    "URQ": "UR", "ULQ": "UL", "LLQ": "LL", "LRQ": "LR", "RU": "UR", "LU": "UL", "RL": "LR",
}
_ARCHES = {
    "U": "maxillary", "UPPER": "maxillary", "MAXILLARY": "maxillary", "MAX": "maxillary",
    "01": "maxillary", "1": "maxillary",
    "L": "mandibular", "LOWER": "mandibular", "MANDIBULAR": "mandibular", "MAND": "mandibular",
    "02": "mandibular", "2": "mandibular",
}


# The claim form's "area of the oral cavity" (item 25): 00 whole mouth, 01/02 arches and
# 10/20/30/40 quadrants are the values US claim instructions list; 03-08 are the sextants of the
# ISO 3950 designation system, which the form's list leaves out but some systems send.
_SEXTANTS = {"03": "upper right", "04": "upper anterior", "05": "upper left",
             "06": "lower left", "07": "lower anterior", "08": "lower right"}
_MOUTH = {"00", "0", "WHOLEMOUTH", "MOUTH", "FULLMOUTH", "ENTIREORALCAVITY"}


def parse_area(raw: object) -> Optional[tuple[str, Optional[str]]]:
    """An area of the oral cavity as the claim form writes it, as (kind, value):
    "00" -> ("mouth", None); "01", "U" -> ("arch", "maxillary"); "10", "UR" -> ("quadrant", "UR");
    "04" -> ("sextant", "upper anterior"); None when unreadable."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return None
    key = _key(raw)
    if isinstance(raw, int):
        key = key.zfill(2)
    if key in _MOUTH:
        return ("mouth", None)
    if key in _SEXTANTS:
        return ("sextant", _SEXTANTS[key])
    if key in _QUADRANTS:
        return ("quadrant", _QUADRANTS[key])
    if key in _ARCHES:
        return ("arch", _ARCHES[key])
    return None


def _key(raw: object) -> str:
    return "".join(ch for ch in str(raw).upper() if ch.isalnum())


def parse_quadrant(raw: object) -> Optional[str]:
    """"UR", "ur", "upper right", 10 -> "UR"; None for anything else."""
    return _QUADRANTS.get(_key(raw)) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None


def parse_arch(raw: object) -> Optional[str]:
    """"U", "maxillary", "01" -> "maxillary"; "L", "mandibular", "02" -> "mandibular"."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        return None
    key = _key(raw)
    return _ARCHES.get(key if isinstance(raw, str) else key.zfill(2))


def arch_of_quadrant(quadrant: str) -> str:
    return "maxillary" if quadrant[0] == "U" else "mandibular"
