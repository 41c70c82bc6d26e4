"""POST /api/v1/claims/check: the claim lines a biller is about to send, checked by cdt_data."""
from __future__ import annotations

from flask import Blueprint, current_app

import cdt_data

from ..errors import ApiError
from ..operations import operation
from ..schemas import claim_check_request_schema, finding_list_schema

bp = Blueprint("claims", __name__, url_prefix="/api/v1/claims")


@bp.post("/check")
@operation("Findings for a claim's lines: errors, likely denials, things worth a look.",
           response=finding_list_schema, body=claim_check_request_schema, errors=(400, 413, 415, 422),
           description="Findings are sorted by severity, then line. A line the checker cannot read "
                       "at all is a 422 naming the line and field.")
def check(body: dict):
    data = current_app.extensions["cdt"]
    try:
        findings = data.check(body["lines"], patient_age=body["patient"].get("age"),
                              tooth_system=body["tooth_system"])
    except cdt_data.InvalidClaimError as exc:
        raise ApiError(422, "invalid_claim", str(exc), fields=_field_messages(exc)) from None
    return finding_list_schema.dump({"findings": [f.to_dict() for f in findings]})


def _field_messages(exc) -> dict:
    """The checker's complaint in marshmallow's nested shape: {"lines": {"2": {"tooth": [...]}}}."""
    line, field, problem = exc.line, exc.field, exc.problem
    if line is None:
        return {field or "lines": [problem]}
    return {"lines": {str(line): {field or "_schema": [problem]}}}
