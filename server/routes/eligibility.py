"""POST /api/v1/eligibility: is a service covered on a date, given the patient's history and a
payer profile, and if not, from when."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint

import cdt_data

from ..errors import ApiError
from ..operations import operation
from ..schemas import eligibility_request_schema, eligibility_schema
from .claims import _history_messages, known_profile

bp = Blueprint("eligibility", __name__, url_prefix="/api/v1/eligibility")


@bp.post("")
@operation("Whether a service is covered on a date, and if not, the first date it is.",
           response=eligibility_schema, body=eligibility_request_schema, errors=(400, 404, 413, 415, 422),
           description="Checked against the history under a payer profile (default: common, "
                       "whose limits are widely published norms; plans vary).")
def eligibility(body: dict):
    profile = known_profile(body["profile"])
    on = dt.date.fromisoformat(body["on"]) if body.get("on") else None
    try:
        result = cdt_data.eligibility(body["code"], body["history"] or [], on=on, profile=profile,
                                      tooth=body.get("tooth"), quadrant=body.get("quadrant"), arch=body.get("arch"),
                                      patient_age=body["patient"].get("age"))
    except cdt_data.InvalidHistoryError as exc:
        raise ApiError(422, "invalid_history", str(exc), fields=_history_messages(exc)) from None
    except cdt_data.InvalidClaimError as exc:
        raise ApiError(422, "invalid_request", str(exc), fields={exc.field or "_schema": [exc.problem]}) from None
    return eligibility_schema.dump(result.to_dict())
