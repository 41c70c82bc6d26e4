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
           response=finding_list_schema, body=claim_check_request_schema, errors=(400, 404, 413, 415, 422),
           description="Findings are sorted by severity, then line. A line the checker cannot read "
                       "at all is a 422 naming the line and field.")
def check(body: dict):
    data = current_app.extensions["cdt"]
    profile = known_profile(body["profile"])
    try:
        findings = data.check(body["lines"], patient_age=body["patient"].get("age"),
                              tooth_system=body["tooth_system"], history=body["history"], profile=profile)
    except cdt_data.InvalidHistoryError as exc:
        raise ApiError(422, "invalid_history", str(exc), fields=_history_messages(exc)) from None
    except cdt_data.InvalidClaimError as exc:
        raise ApiError(422, "invalid_claim", str(exc), fields=_field_messages(exc)) from None
    return finding_list_schema.dump({"findings": [f.to_dict() for f in findings]})


def known_profile(name):
    """A profile this server knows by name; a client never names a file."""
    if name is None:
        return None
    if name not in {p["name"] for p in cdt_data.profiles()}:
        raise ApiError(404, "unknown_profile", f"No payer profile named {name!r} on this server; "
                                               "GET /api/v1/profiles lists them.")
    try:
        return cdt_data.load_profile(name)
    except cdt_data.ProfileError:  # the server's own file is broken: say which, not its content
        raise ApiError(422, "unusable_profile", f"The payer profile {name!r} on this server has an error; "
                                                "`cdt profiles validate` names it.") from None


def _field_messages(exc) -> dict:
    """The checker's complaint in marshmallow's nested shape: {"lines": {"2": {"tooth": [...]}}}."""
    line, field, problem = exc.line, exc.field, exc.problem
    if line is None:
        return {field or "lines": [problem]}
    return {"lines": {str(line): {field or "_schema": [problem]}}}


def _history_messages(exc) -> dict:
    if exc.row is None:
        return {"history": [exc.problem]}
    return {"history": {str(exc.row - 1): {exc.field or "_schema": [exc.problem]}}}
