"""Code records: one, a category's list, and many at once for a page scan."""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request

import cdt_data

from ..fast_path import etag_matches
from ..operations import operation
from ..schemas import (code_list_schema, codes_query_schema, lookup_request_schema,
                       lookup_response_schema, record_schema, unknown_code_schema)

bp = Blueprint("codes", __name__, url_prefix="/api/v1/codes")


@bp.get("/<code:code>")
@operation("One code's record.", response=record_schema, errors=(400, 404), cached=True,
           path_params={"code": "A CDT code in any spelling: D0371, d0371, 0371."})
def get_code(code: str):
    data = current_app.extensions["cdt"]
    encoded = data.encoded(code)
    headers = {"ETag": encoded.etag, "Cache-Control": f"public, max-age={current_app.config['RECORD_MAX_AGE']}"}
    # Records never change while the process runs, so the only validator is the ETag itself.
    sent = request.headers.get("If-None-Match")
    if sent and etag_matches(sent, encoded.etag):
        return Response(status=304, headers=headers)
    return Response(encoded.body, mimetype="application/json", headers=headers)


@bp.get("")
@operation("Every active code, or one category's, as summaries.", response=code_list_schema,
           query=codes_query_schema, errors=(400,))
def list_codes(query: dict):
    data = current_app.extensions["cdt"]
    procs = data.codes(query.get("category"), include_deleted=query["include_deleted"])
    return code_list_schema.dump({
        "count": len(procs),
        "codes": [{"code": p.code, "title": p.title, "category": p.category,
                   "subcategory": p.subcategory, "status": p.status} for p in procs],
    })


@bp.post("/lookup")
@operation("Records for many codes at once (one request per page scan).", response=lookup_response_schema,
           body=lookup_request_schema, errors=(400, 413, 415, 422),
           description="Each distinct code is answered once: found records, unknown codes with "
                       "suggestions, and inputs that are not codes at all. Always 200 for a valid body.")
def lookup(body: dict):
    data = current_app.extensions["cdt"]
    found: dict[str, bytes] = {}
    unknown: dict[str, dict] = {}
    malformed: list[str] = []
    for raw in body["codes"]:
        try:
            encoded = data.encoded(raw)
        except cdt_data.InvalidCodeError:
            if raw not in malformed:
                malformed.append(raw)
        except cdt_data.UnknownCodeError as exc:
            unknown.setdefault(exc.code, unknown_code_schema.dump(
                {"code": exc.code, "suggestions": list(exc.suggestions)}))
        else:
            found.setdefault(encoded.fields["code"], encoded.body)
    # The records were dumped through RecordSchema once and cached as bytes; splicing them keeps
    # a 50-code scan from re-encoding 50 records on every request.
    rest = json.dumps({"unknown": list(unknown.values()), "malformed": malformed}, ensure_ascii=False)
    body_bytes = b'{"found":[' + b",".join(found.values()) + b"]," + rest[1:].encode()
    return Response(body_bytes, mimetype="application/json")
