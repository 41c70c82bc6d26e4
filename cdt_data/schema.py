"""marshmallow schema of one record: the contract of the data files.

Used by ``cdt validate``, the tests and the data-editing scripts; never at load time
(loading trusts validated files, so a lookup does not pay for validation).
"""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

CODE_PATTERN = r"^D\d{4}$"
AREAS = ("tooth", "quadrant", "arch", "sextant")
TOOTH_KINDS = ("anterior", "posterior", "premolar", "molar")
DENTITIONS = ("primary", "permanent")
ARCHES = ("maxillary", "mandibular")
PATIENTS = ("child", "adolescent", "adult")

Code = lambda **kw: fields.String(validate=validate.Regexp(CODE_PATTERN), **kw)  # noqa: E731
Text = lambda: fields.String(validate=validate.Length(min=3, max=2000))  # noqa: E731
TextList = lambda: fields.List(Text(), load_default=list)  # noqa: E731


class SurfaceCountSchema(Schema):
    min = fields.Integer(required=True, validate=validate.Range(1, 5))
    max = fields.Integer(required=True, validate=validate.Range(1, 5))

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data["min"] > data["max"]:
            raise ValidationError("min is larger than max", "min")


class RequiresSchema(Schema):
    area = fields.List(fields.String(validate=validate.OneOf(AREAS)), required=True)
    area_required = fields.Boolean(required=True)
    surfaces = fields.Nested(SurfaceCountSchema, allow_none=True, load_default=None)
    tooth_kind = fields.List(fields.String(validate=validate.OneOf(TOOTH_KINDS)), load_default=list)
    dentition = fields.String(validate=validate.OneOf(DENTITIONS), allow_none=True, load_default=None)
    arch = fields.String(validate=validate.OneOf(ARCHES), allow_none=True, load_default=None)
    patient = fields.String(validate=validate.OneOf(PATIENTS), allow_none=True, load_default=None)
    narrative = fields.Boolean(load_default=False)

    @validates_schema
    def _consistent(self, data, **kwargs):
        if data.get("surfaces") and "tooth" not in data["area"]:
            raise ValidationError("surfaces are only reported on a tooth", "surfaces")
        if data["area_required"] and not data["area"]:
            raise ValidationError("area_required needs at least one area", "area_required")
        if data.get("arch") and "arch" not in data["area"]:
            raise ValidationError("a fixed arch needs 'arch' in area", "arch")


class ConfusionSchema(Schema):
    code = Code(required=True)
    difference = fields.String(required=True, validate=validate.Length(min=20, max=1000))


class ExampleSchema(Schema):
    scenario = fields.String(required=True, validate=validate.Length(min=20))
    approach = fields.String(required=True, validate=validate.Length(min=20))


class FaqSchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=8))
    a = fields.String(required=True, validate=validate.Length(min=8))


Year = lambda: fields.Integer(allow_none=True, load_default=None, validate=validate.Range(1990, 2100))  # noqa: E731


ADDED_BOUND = r"^before (19|20)\d\d$"


class AddedField(fields.Field):
    """A year (2019) or a bound ("before 2003") where only the earliest list that has it is known."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("a year or 'before YYYY'")
        if isinstance(value, int):
            if not 1990 <= value <= 2100:
                raise ValidationError("a year between 1990 and 2100")
            return value
        if isinstance(value, str) and re.match(ADDED_BOUND, value):
            return value
        raise ValidationError("a year or 'before YYYY'")


class EditionSchema(Schema):
    added = AddedField(allow_none=True, load_default=None)
    added_source = fields.String(allow_none=True, load_default=None,
                                 validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,60}$"))
    revised = fields.List(fields.Integer(validate=validate.Range(1990, 2100)), load_default=list)
    deleted = Year()
    replaced_by = fields.List(Code(), load_default=list)


class ReviewSchema(Schema):
    date = fields.Date(required=True)
    sources = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,60}$")),
                          required=True, validate=validate.Length(min=1))


class RecordSchema(Schema):
    code = Code(required=True)
    title = fields.String(required=True, validate=validate.Length(min=3, max=120))
    category = fields.String(required=True)
    subcategory = fields.String(required=True)
    summary = fields.String(required=True, validate=validate.Length(min=40, max=1200))
    requires = fields.Nested(RequiresSchema, required=True)
    when_to_use = TextList()
    not_for = TextList()
    confused_with = fields.List(fields.Nested(ConfusionSchema), load_default=list)
    related = fields.List(Code(), load_default=list)
    documentation = TextList()
    checklist = TextList()
    billing = TextList()
    caveats = fields.List(fields.String(validate=validate.Regexp(r"^[a-z][a-z-]{2,40}$")), load_default=list)
    denial_reasons = TextList()
    appeal_tips = TextList()
    example = fields.Nested(ExampleSchema, allow_none=True, load_default=None)
    faq = fields.List(fields.Nested(FaqSchema), load_default=list)
    keywords = fields.List(fields.String(validate=validate.Length(min=2, max=60)), load_default=list)
    edition = fields.Nested(EditionSchema, required=True)
    review = fields.Nested(ReviewSchema, allow_none=True, load_default=None)

    @validates_schema
    def _references(self, data, **kwargs):
        own = data["code"]
        named = [c["code"] for c in data.get("confused_with", [])] + data.get("related", [])
        if own in named:
            raise ValidationError(f"{own} names itself", "related")
        active = not data["edition"].get("deleted")
        if active:
            for field in ("when_to_use", "not_for", "confused_with", "documentation",
                          "checklist", "billing", "denial_reasons"):
                if not data.get(field):
                    raise ValidationError(f"an active code needs {field}", field)
        elif data["edition"].get("replaced_by") and own in data["edition"]["replaced_by"]:
            raise ValidationError(f"{own} replaces itself", "edition")


FIELD_ORDER = tuple(RecordSchema().fields)
RECORD_SCHEMA = RecordSchema()
