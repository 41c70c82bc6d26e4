"""Full-text search and autocomplete. Both take typed text, which is never logged."""
from __future__ import annotations

from flask import Blueprint, current_app

from ..operations import operation
from ..schemas import hit_list_schema, search_query_schema, suggest_query_schema

bp = Blueprint("search", __name__, url_prefix="/api/v1")


@bp.get("/search")
@operation("Ranked hits for words a biller types.", response=hit_list_schema, query=search_query_schema,
           errors=(400,))
def search(query: dict):
    data = current_app.extensions["cdt"]
    hits = data.search(query["q"], limit=query["limit"], category=query.get("category"))
    return hit_list_schema.dump({"hits": [h.to_dict() for h in hits]})


@bp.get("/suggest")
@operation("Autocomplete for a code prefix or the first words of a title.", response=hit_list_schema,
           query=suggest_query_schema, errors=(400,))
def suggest(query: dict):
    data = current_app.extensions["cdt"]
    hits = data.suggest(query["prefix"], limit=query["limit"])
    return hit_list_schema.dump({"hits": [h.to_dict() for h in hits]})
