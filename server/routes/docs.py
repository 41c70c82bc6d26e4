"""GET /api/v1/openapi.json: the OpenAPI document, built once from the schemas."""
from __future__ import annotations

from flask import Blueprint, current_app

from ..operations import operation
from ..openapi import OpenApiSchema, build_spec

bp = Blueprint("docs", __name__, url_prefix="/api/v1")
_openapi_schema = OpenApiSchema()


@bp.get("/openapi.json")
@operation("This document.", response=_openapi_schema)
def openapi():
    spec = current_app.extensions.get("cdt_openapi")
    if spec is None:
        spec = current_app.extensions["cdt_openapi"] = build_spec(current_app)
    return _openapi_schema.dump(spec)
