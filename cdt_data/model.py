"""The record objects: small frozen dataclasses with a readable repr."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Optional, Union


@dataclass(frozen=True)
class SurfaceCount:
    min: int
    max: int


@dataclass(frozen=True)
class Requires:
    """What a claim line for the code must carry; read by the claim checker."""

    area: tuple[str, ...] = ()
    area_required: bool = False
    surfaces: Optional[SurfaceCount] = None
    tooth_kind: tuple[str, ...] = ()
    dentition: Optional[str] = None
    arch: Optional[str] = None
    patient: Optional[str] = None
    narrative: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> "Requires":
        surfaces = data.get("surfaces")
        return cls(
            area=tuple(data.get("area", ())),
            area_required=data.get("area_required", False),
            surfaces=SurfaceCount(**surfaces) if surfaces else None,
            tooth_kind=tuple(data.get("tooth_kind", ())),
            dentition=data.get("dentition"),
            arch=data.get("arch"),
            patient=data.get("patient"),
            narrative=data.get("narrative", False),
        )


@dataclass(frozen=True)
class Confusion:
    code: str
    difference: str


@dataclass(frozen=True)
class Example:
    scenario: str
    approach: str


@dataclass(frozen=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True)
class Edition:
    """Edition history. ``added`` is the year of the edition that first listed the code, or a
    bound such as ``"before 2003"`` where only the earliest list that has it is known."""

    added: Union[int, str, None] = None
    added_source: Optional[str] = None   # id in cdt_data.sources(): where the year comes from
    revised: tuple[int, ...] = ()
    deleted: Optional[int] = None
    replaced_by: tuple[str, ...] = ()

    @property
    def added_year(self) -> Optional[int]:
        """The year the code is known to be listed from: the exact year, or the bound's year."""
        if isinstance(self.added, int) or self.added is None:
            return self.added
        return int(self.added.rsplit(" ", 1)[-1])

    @property
    def added_exact(self) -> bool:
        return isinstance(self.added, int)


@dataclass(frozen=True)
class Review:
    """When the record's facts were last checked, and against which public sources (ids of
    ``cdt_data.sources()``)."""

    date: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, repr=False)
class Procedure:
    """One CDT code and our guidance for it."""

    code: str
    title: str
    category: str
    subcategory: str
    summary: str
    requires: Requires
    when_to_use: tuple[str, ...] = ()
    not_for: tuple[str, ...] = ()
    confused_with: tuple[Confusion, ...] = ()
    related: tuple[str, ...] = ()
    documentation: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    billing: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    denial_reasons: tuple[str, ...] = ()
    appeal_tips: tuple[str, ...] = ()
    example: Optional[Example] = None
    faq: tuple[Faq, ...] = ()
    keywords: tuple[str, ...] = ()
    edition: Edition = field(default_factory=Edition)
    review: Optional[Review] = None

    def __repr__(self) -> str:
        flag = ", deleted" if self.deleted else ""
        return f"Procedure(code={self.code!r}, title={self.title!r}{flag})"

    @property
    def deleted(self) -> bool:
        return self.edition.deleted is not None

    @property
    def status(self) -> str:
        return "deleted" if self.deleted else "active"

    @classmethod
    def from_dict(cls, data: dict) -> "Procedure":
        edition = data.get("edition") or {}
        example = data.get("example")
        review = data.get("review")
        return cls(
            code=data["code"],
            title=data["title"],
            category=data["category"],
            subcategory=data["subcategory"],
            summary=data["summary"],
            requires=Requires.from_dict(data.get("requires") or {}),
            when_to_use=tuple(data.get("when_to_use", ())),
            not_for=tuple(data.get("not_for", ())),
            confused_with=tuple(Confusion(**c) for c in data.get("confused_with", ())),
            related=tuple(data.get("related", ())),
            documentation=tuple(data.get("documentation", ())),
            checklist=tuple(data.get("checklist", ())),
            billing=tuple(data.get("billing", ())),
            caveats=tuple(data.get("caveats", ())),
            denial_reasons=tuple(data.get("denial_reasons", ())),
            appeal_tips=tuple(data.get("appeal_tips", ())),
            example=Example(**example) if example else None,
            faq=tuple(Faq(**f) for f in data.get("faq", ())),
            keywords=tuple(data.get("keywords", ())),
            edition=Edition(
                added=edition.get("added"),
                added_source=edition.get("added_source"),
                revised=tuple(edition.get("revised", ())),
                deleted=edition.get("deleted"),
                replaced_by=tuple(edition.get("replaced_by", ())),
            ),
            review=Review(review["date"], tuple(review.get("sources", ()))) if review else None,
        )

    def to_dict(self, resolve: bool = False) -> dict[str, Any]:
        """Plain JSON-ready dict with the record's fields, plus ``status``.

        As stored, ``caveats`` and ``review.sources`` are ids into ``cdt_data.caveats()`` and
        ``cdt_data.sources()``, and so is ``edition.added_source``. ``resolve=True`` puts each
        caveat's label and text and each source's title and address in their place, for a reader
        rather than a dataset.
        """
        out = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        out["status"] = self.status
        if resolve:
            from . import caveats, sources  # the registries; loaded on first use

            notes, refs = caveats(), sources()
            out["caveats"] = [notes[c].to_dict() for c in self.caveats if c in notes]
            if self.review is not None:
                out["review"]["sources"] = [refs[s].to_dict() for s in self.review.sources if s in refs]
            added_from = refs.get(self.edition.added_source)
            out["edition"]["added_source"] = added_from.to_dict() if added_from else None
        return out


@dataclass(frozen=True)
class Caveat:
    """A note that holds for many codes (plans vary, alternate benefit, delivery date), written
    once and named by id in each record it applies to."""

    id: str
    label: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "text": self.text}


@dataclass(frozen=True)
class Source:
    """A public source a record's facts were checked against."""

    id: str
    title: str
    url: str
    kind: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "url": self.url, "kind": self.kind}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value
