"""GET /healthz: is it up, and which package and edition it serves."""
from __future__ import annotations

from flask import Blueprint, current_app

from ..operations import operation
from ..schemas import health_schema

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@operation("Status, package version and CDT edition.", response=health_schema)
def healthz():
    data = current_app.extensions["cdt"]
    return health_schema.dump({"status": "ok", "version": data.version, "edition": data.edition,
                               "records": data.record_count()[0]})
