"""Medical crossover: the ICD-10-CM diagnoses to consider for a code, and one diagnosis code."""
from __future__ import annotations

from flask import Blueprint

import cdt_data

from ..errors import ApiError
from ..operations import operation
from ..schemas import code_diagnoses_schema, diagnosis_schema

bp = Blueprint("diagnoses", __name__, url_prefix="/api/v1")


@bp.get("/codes/<code:code>/diagnoses")
@operation("The ICD-10-CM diagnoses to consider when a code goes to a medical plan.",
           response=code_diagnoses_schema, errors=(400, 404),
           description="A list to consider, never a coding decision. Empty families for a code "
                       "without a medical-crossover list.",
           path_params={"code": "A CDT code in any spelling."})
def for_code(code: str):
    return code_diagnoses_schema.dump(cdt_data.diagnoses_for(code).to_dict())


@bp.get("/diagnoses/<string(maxlength=24):icd>")
@operation("One ICD-10-CM code: its title, whether it is billable, and the CDT codes that list it.",
           response=diagnosis_schema, errors=(400, 404),
           path_params={"icd": "An ICD-10-CM code, with or without the dot (K11.5, k115)."})
def one(icd: str):
    try:
        found = cdt_data.diagnosis(icd)
    except cdt_data.InvalidDiagnosisError as exc:
        raise ApiError(400, "malformed_diagnosis", str(exc)) from None
    except cdt_data.UnknownDiagnosisError as exc:
        raise ApiError(404, "unknown_diagnosis", str(exc), suggestions=list(exc.suggestions)) from None
    return diagnosis_schema.dump(found.to_dict())
