"""GET /api/v1/profiles: the payer profiles this server knows."""
from __future__ import annotations

from flask import Blueprint

import cdt_data

from ..operations import operation
from ..schemas import profile_list_schema

bp = Blueprint("profiles", __name__, url_prefix="/api/v1/profiles")


@bp.get("")
@operation("The payer profiles this server knows: the shipped ones and its profiles folder's.",
           response=profile_list_schema)
def list_profiles():
    out = []
    for entry in cdt_data.profiles():
        try:
            title = cdt_data.load_profile(entry["name"]).title
        except cdt_data.ProfileError:
            continue  # a broken file is for `cdt profiles validate`, not for clients
        out.append({"name": entry["name"], "origin": entry["origin"], "title": title})
    return profile_list_schema.dump({"profiles": out})
