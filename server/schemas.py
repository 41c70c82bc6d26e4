"""marshmallow schemas for every request and response, made once at import.

The same classes drive request loading, response dumping and the OpenAPI document.
"""
from __future__ import annotations

import re

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from cdt_data.claim_input import MAX_PATIENT_AGE

MAX_LOOKUP_CODES = 500
MAX_CLAIM_LINES = 200
MAX_HISTORY_LINES = 2000
MAX_QUERY = 500
MAX_LIMIT = 100
SEVERITIES = ("error", "warning", "info")
TOOTH_SYSTEMS = ("Universal", "FDI")
MAX_NUMBER = 2 ** 63 - 1   # a tooth, quadrant or arch given as a number
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# What cdt_data.normalize_code accepts, as the path parameter's pattern (Python's \s is
# str.strip's whitespace).
CODE_PATTERN = r"^\s*[Dd]?[0-9]{4}\s*$"
# What cdt_data.diagnosis accepts: an ICD-10-CM code with or without the dot (a written family's
# trailing dash too).
ICD_PATTERN = r"^\s*[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?-?\s*$"
PATH_PATTERNS = {"code": CODE_PATTERN, "icd": ICD_PATTERN}


def _text(description: str, **kw) -> fields.String:
    return fields.String(metadata={"description": description}, **kw)


def _texts(description: str) -> fields.List:
    return fields.List(fields.String(), metadata={"description": description})


# -- records ---------------------------------------------------------------------------------
class SurfaceCountSchema(Schema):
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)


class RequiresSchema(Schema):
    area = _texts("What the claim line names: tooth, surfaces, quadrant, arch; empty for the whole mouth.")
    area_required = fields.Boolean()
    surfaces = fields.Nested(SurfaceCountSchema, allow_none=True)
    tooth_kind = _texts("anterior / premolar / molar where the code is limited to them.")
    dentition = fields.String(allow_none=True)
    arch = fields.String(allow_none=True)
    patient = fields.String(allow_none=True)
    narrative = fields.Boolean()


class ConfusionSchema(Schema):
    code = fields.String(required=True)
    difference = fields.String(required=True)


class ExampleSchema(Schema):
    scenario = fields.String(required=True)
    approach = fields.String(required=True)


class FaqSchema(Schema):
    q = fields.String(required=True)
    a = fields.String(required=True)


class AddedField(fields.Field):
    """A year (2019) or a bound ("before 2003")."""


class EditionSchema(Schema):
    added_source = fields.Nested("SourceSchema", allow_none=True, metadata={
        "description": "The public source of the year the code was first listed."})
    added = AddedField(allow_none=True, metadata={
        "description": "Year of the edition that first listed the code, or a bound such as 'before 2003'.",
        "oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^before \\d{4}$"}]})
    revised = fields.List(fields.Integer())
    deleted = fields.Integer(allow_none=True)
    replaced_by = fields.List(fields.String())


class CaveatSchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    text = fields.String(required=True)


class SourceSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    kind = fields.String()


class ReviewSchema(Schema):
    date = fields.String(required=True, metadata={"description": "ISO date the record's facts were last checked."})
    sources = fields.List(fields.Nested(SourceSchema), required=True)


class RecordSchema(Schema):
    code = _text("D and four digits.", required=True)
    title = _text("Short plain-language name (not the ADA descriptor).", required=True)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)
    summary = fields.String(required=True)
    requires = fields.Nested(RequiresSchema, required=True)
    when_to_use = _texts("When the code fits.")
    not_for = _texts("When it does not, naming the code to use instead.")
    confused_with = fields.List(fields.Nested(ConfusionSchema))
    related = _texts("Codes often billed with or instead of this one.")
    documentation = _texts("What the clinical record must show.")
    checklist = _texts("A tick list for the claim.")
    billing = _texts("Coverage, prior authorisation, frequency norms.")
    denial_reasons = fields.List(fields.String())
    appeal_tips = fields.List(fields.String())
    example = fields.Nested(ExampleSchema, allow_none=True)
    faq = fields.List(fields.Nested(FaqSchema))
    keywords = _texts("Lay terms, abbreviations and brand names billers type.")
    edition = fields.Nested(EditionSchema, required=True)
    caveats = fields.List(fields.Nested(CaveatSchema), metadata={
        "description": "Notes that hold for many codes (plans vary, alternate benefit, delivery date)."})
    review = fields.Nested(ReviewSchema, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(["active", "deleted"]))


class CodeSummarySchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    subcategory = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["active", "deleted"]))


class CodeListSchema(Schema):
    count = fields.Integer(required=True)
    codes = fields.List(fields.Nested(CodeSummarySchema), required=True)


class CategoryField(fields.String):
    """A category's name or slug exactly as cdt_data.categories() gives them ('Diagnostic',
    'diagnostic'); the OpenAPI document lists them as its enum (openapi.py)."""

    def __init__(self, **kw):
        super().__init__(metadata={"description": "A category name or slug, e.g. 'Diagnostic' or 'periodontics'."},
                         **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in category_choices():
            raise ValidationError("Not a category name or slug; see GET /api/v1/openapi.json for the list.")
        return value


def category_choices() -> list[str]:
    """Every category name and slug, in the data's order (read on first use, not at import)."""
    import cdt_data
    names = []
    for cat in cdt_data.categories():
        names.extend(n for n in (cat.name, cat.slug) if n not in names)
    return names


class StrictBoolean(fields.Boolean):
    """A query-string flag: 'true' or 'false' and nothing else (no 'yes', '1' or 'on'), so the
    server accepts exactly what the OpenAPI document says."""

    truthy = {"true", True}
    falsy = {"false", False}


class CodesQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    category = CategoryField()
    include_deleted = StrictBoolean(load_default=False)


# -- lookup ----------------------------------------------------------------------------------
class LookupRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    codes = fields.List(
        fields.String(validate=validate.Length(max=64)), required=True,
        validate=validate.Length(max=MAX_LOOKUP_CODES),
        metadata={"description": "Code tokens as found on a page, in any spelling ('d0371', '0371')."},
    )


class UnknownCodeSchema(Schema):
    code = fields.String(required=True)
    suggestions = fields.List(fields.String(), required=True)


class LookupResponseSchema(Schema):
    found = fields.List(fields.Nested(RecordSchema), required=True,
                        metadata={"description": "One record per distinct code, in the order asked."})
    unknown = fields.List(fields.Nested(UnknownCodeSchema), required=True)
    malformed = fields.List(fields.String(), required=True,
                            metadata={"description": "Inputs not shaped like a code, as sent."})


# -- search ----------------------------------------------------------------------------------
class SearchQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = _text("Words a biller types: 'deep cleaning', 'SRP', 'pano', 'D0371'.",
              required=True, validate=validate.Length(max=MAX_QUERY))
    limit = fields.Integer(load_default=10, validate=validate.Range(1, MAX_LIMIT))
    category = CategoryField()


class SuggestQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    prefix = _text("What has been typed so far: 'D03', 'root pl'.",
                   required=True, validate=validate.Length(max=MAX_QUERY))
    limit = fields.Integer(load_default=10, validate=validate.Range(1, MAX_LIMIT))


class HitSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Float(required=True)
    category = fields.String(required=True)


class HitListSchema(Schema):
    hits = fields.List(fields.Nested(HitSchema), required=True)


# -- claims ----------------------------------------------------------------------------------
class TextOrNumber(fields.Field):
    """A tooth, quadrant or arch as a biller's system gives it: '30', 'A', 'UR', or a number (FDI 36)."""

    def __init__(self, max_length: int, description: str, **kw):
        self.max_length = max_length
        super().__init__(allow_none=True, metadata={
            "description": description,
            "oneOf": [{"type": "string", "maxLength": max_length},
                      {"type": "integer", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}],
        }, **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError("Expected a string or a whole number.")
        if isinstance(value, str) and len(value) > self.max_length:
            raise ValidationError(f"At most {self.max_length} characters.")
        if isinstance(value, int) and not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise ValidationError(f"A number from {-MAX_NUMBER} to {MAX_NUMBER}.")
        return value


class DateText(fields.String):
    """An ISO 8601 calendar date, YYYY-MM-DD, that exists (years 0001-9999): the document's
    ``format: date`` exactly, so nothing it allows is refused later by the checker."""

    def __init__(self, description: str, **kw):
        super().__init__(metadata={"description": description, "format": "date", "pattern": DATE_PATTERN},
                         **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        import datetime as dt
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            if not re.fullmatch(DATE_PATTERN, value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError("A date is YYYY-MM-DD, such as '2026-03-04'.") from None
        return value


class SurfacesField(fields.Field):
    """Surface letters as one string ('MOD') or a list (['M', 'O', 'D'])."""

    def __init__(self, **kw):
        super().__init__(allow_none=True, metadata={
            "description": "Surface letters: 'MOD' or ['M', 'O', 'D'].",
            "oneOf": [{"type": "string", "maxLength": 10},
                      {"type": "array", "items": {"type": "string", "maxLength": 2}, "maxItems": 10}],
        }, **kw)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) <= 10:
            return value
        if isinstance(value, list) and len(value) <= 10 and all(isinstance(v, str) and len(v) <= 2 for v in value):
            return value
        raise ValidationError("Surfaces are a string such as 'MOD' or a list of up to 10 letters.")


class ClaimLineSchema(Schema):
    class Meta:
        unknown = RAISE

    code = _text("The procedure code.", required=True, validate=validate.Length(max=64))
    tooth = TextOrNumber(8, "Tooth number or letter (Universal, or FDI when tooth_system says so).")
    surfaces = SurfacesField()
    quadrant = TextOrNumber(10, "UR, UL, LL or LR.")
    arch = TextOrNumber(10, "U or L.")
    date = DateText("Date of service, ISO 8601 (YYYY-MM-DD).", allow_none=True)
    narrative = _text("Free-text narrative.", allow_none=True, validate=validate.Length(max=4000))
    area = TextOrNumber(4, "The claim form's area of the oral cavity: 00, 01, 02, 10, 20, 30, 40, or U, L, UR, UL, LL, LR.")
    provider = TextOrNumber(64, "The treating provider (name or number), for limits a plan counts per provider.")
    diagnoses = fields.List(_text("An ICD-10-CM code, with or without the dot.", validate=validate.Length(max=16)),
                            validate=validate.Length(max=8),
                            metadata={"description": "Up to four ICD-10-CM diagnosis codes (more is a finding)."})


class HistoryLineSchema(Schema):
    class Meta:
        unknown = RAISE

    date = DateText("Date of the earlier service, ISO 8601 (YYYY-MM-DD).", required=True)
    code = _text("The procedure code, any spelling; it must name a CDT code of some edition.", required=True,
                 validate=validate.Regexp(CODE_PATTERN))
    tooth = TextOrNumber(8, "Tooth number or letter.")
    surfaces = SurfacesField()
    quadrant = TextOrNumber(10, "UR, UL, LL or LR.")
    arch = TextOrNumber(10, "U or L.")
    area = TextOrNumber(4, "The claim form's area of the oral cavity.")
    provider = TextOrNumber(64, "The treating provider.")
    tooth_system = fields.String(validate=validate.OneOf(TOOTH_SYSTEMS),
                                 metadata={"description": "Numbering of this service's tooth, if not the claim's."})


def _profile_name():
    return fields.String(load_default=None, allow_none=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,60}$"),
                         metadata={"description": "A payer profile this server knows (GET /api/v1/profiles); "
                                                  "null: common. Names only, never paths."})


def _history():
    return fields.List(fields.Nested(HistoryLineSchema), load_default=None, allow_none=True,
                       validate=validate.Length(max=MAX_HISTORY_LINES),
                       metadata={"description": "The patient's earlier services, each with its date."})


class PatientSchema(Schema):
    class Meta:
        unknown = RAISE

    age = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(0, MAX_PATIENT_AGE),
                       metadata={"description": "Years; fractions allowed (2.5)."})


class ClaimCheckRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    lines = fields.List(fields.Nested(ClaimLineSchema), required=True,
                        validate=validate.Length(min=1, max=MAX_CLAIM_LINES))
    patient = fields.Nested(PatientSchema, load_default=dict)
    tooth_system = fields.String(load_default="Universal", validate=validate.OneOf(TOOTH_SYSTEMS))
    history = _history()
    profile = _profile_name()


class EligibilityRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    code = _text("The procedure code asked about, in any spelling (D1110, d1110, 1110).", required=True,
                 validate=validate.Regexp(CODE_PATTERN))
    history = _history()
    on = DateText("The date of service asked about (default today).", allow_none=True)
    profile = _profile_name()
    tooth = TextOrNumber(8, "Tooth, for limits counted per tooth.")
    quadrant = TextOrNumber(10, "Quadrant, for limits counted per quadrant.")
    arch = TextOrNumber(10, "Arch, for limits counted per arch.")
    patient = fields.Nested(PatientSchema, load_default=dict)


class FindingSchema(Schema):
    rule = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    codes = fields.List(fields.String(), required=True)
    lines = fields.List(fields.Integer(), required=True, metadata={"description": "0-based line indexes."})
    message = fields.String(required=True)
    suggestion = fields.String(allow_none=True, metadata={"description": "The code to use instead, if any."})
    source = fields.String(allow_none=True)
    rationale = fields.String(allow_none=True)
    varies_by_payer = fields.Boolean()
    next_date = fields.String(allow_none=True, metadata={
        "description": "Frequency findings: the ISO date the service is next covered; null otherwise."})
    diagnosis = fields.String(metadata={"description": "Diagnosis findings: the ICD-10-CM code as the line gave it."})


class EligibilitySchema(Schema):
    code = fields.String(required=True)
    on = fields.String(required=True, metadata={"description": "The date asked about."})
    eligible = fields.Boolean(required=True)
    next_date = fields.String(allow_none=True, required=True,
                              metadata={"description": "First covered date when not eligible; null when eligible or never."})
    reasons = fields.List(fields.Nested("FindingSchema"), required=True)


class ProfileSummarySchema(Schema):
    name = fields.String(required=True)
    origin = fields.String(required=True, metadata={"description": "shipped, or user (the server's profiles folder)."})
    title = fields.String(required=True)


class ProfileListSchema(Schema):
    profiles = fields.List(fields.Nested(ProfileSummarySchema), required=True)


class DxEntrySchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    billable = fields.Boolean(required=True)
    note = fields.String(required=True)
    sources = fields.List(fields.Nested(SourceSchema), required=True)


class DxFamilySchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    note = fields.String(required=True)
    diagnoses = fields.List(fields.Nested(DxEntrySchema), required=True)


class CodeDiagnosesSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    notice = fields.String(required=True, metadata={"description": "A list to consider, never a coding decision."})
    icd10cm_release = fields.String(required=True)
    families = fields.List(fields.Nested(DxFamilySchema), required=True)


class DxProcedureSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    family = fields.String(required=True)
    listed_as = fields.String(required=True)
    note = fields.String(required=True)


class DiagnosisSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "billable, or a heading to choose a code under."})
    billable = fields.Boolean(required=True)
    inclusion_terms = fields.List(fields.String(), required=True)
    parent = fields.String(allow_none=True)
    seventh_characters = fields.List(fields.Dict(), required=True)
    procedures = fields.List(fields.Nested(DxProcedureSchema), required=True,
                             metadata={"description": "CDT codes whose list of diagnoses names this one."})
    notice = fields.String(required=True)
    icd10cm_release = fields.String(required=True)


class FindingListSchema(Schema):
    findings = fields.List(fields.Nested(FindingSchema), required=True)


# -- the rest ----------------------------------------------------------------------------------
class HealthSchema(Schema):
    status = fields.String(required=True)
    version = fields.String(required=True, metadata={"description": "cdt-data package version."})
    edition = fields.String(required=True, metadata={"description": "CDT edition of the data."})
    records = fields.Integer(required=True)


class ErrorSchema(Schema):
    status = fields.Integer(required=True)
    error = fields.String(required=True, metadata={"description": "Short machine-readable name."})
    message = fields.String(required=True, metadata={"description": "What went wrong, for a person."})
    suggestions = fields.List(fields.String(), metadata={"description": "Close codes (404 only)."})
    fields_ = fields.Dict(data_key="fields", metadata={"description": "Messages per field (400/422)."})


eligibility_request_schema = EligibilityRequestSchema()
eligibility_schema = EligibilitySchema()
profile_list_schema = ProfileListSchema()
code_diagnoses_schema = CodeDiagnosesSchema()
diagnosis_schema = DiagnosisSchema()
record_schema = RecordSchema()
code_summary_schema = CodeSummarySchema()
code_list_schema = CodeListSchema()
codes_query_schema = CodesQuerySchema()
lookup_request_schema = LookupRequestSchema()
lookup_response_schema = LookupResponseSchema()
unknown_code_schema = UnknownCodeSchema()
search_query_schema = SearchQuerySchema()
suggest_query_schema = SuggestQuerySchema()
hit_list_schema = HitListSchema()
claim_check_request_schema = ClaimCheckRequestSchema()
finding_list_schema = FindingListSchema()
health_schema = HealthSchema()
error_schema = ErrorSchema()
