"""The OpenAPI 3 document, generated with apispec from the routes' ``operation`` declarations
and the same marshmallow schemas that load requests and dump responses."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema, fields

import cdt_data

from .operations import ERROR_STATUSES
from .schemas import PATH_PATTERNS, CategoryField, ErrorSchema, category_choices

_PATH_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class OpenApiSchema(Schema):
    openapi = fields.String(required=True)
    info = fields.Dict(required=True)
    paths = fields.Dict(required=True)
    components = fields.Dict()


def openapi_path(rule: str) -> str:
    """``/api/v1/codes/<code>`` -> ``/api/v1/codes/{code}``."""
    return _PATH_PARAM.sub(r"{\1}", rule)


def _error(status: int) -> dict:
    return {"description": ERROR_STATUSES.get(status, "Error."),
            "content": {"application/json": {"schema": "Error"}}}


def _operation(endpoint: str, op) -> dict:
    doc: dict = {
        "operationId": endpoint.replace(".", "_"),
        "tags": [endpoint.split(".")[0]],
        "summary": op.summary,
        "parameters": [],
    }
    if op.description:
        doc["description"] = op.description
    for name, description in op.path_params.items():
        doc["parameters"].append({"in": "path", "name": name, "required": True, "description": description,
                                  "schema": {"type": "string", "pattern": PATH_PATTERNS[name]}})
    if op.query is not None:
        doc["parameters"].append({"in": "query", "schema": op.query})
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
    ok: dict = {"description": "OK", "content": {"application/json": {"schema": op.response}}}
    responses: dict = {"200": ok}
    if op.cached:
        ok["headers"] = {
            "ETag": {"schema": {"type": "string"}, "description": "Changes only when the record does."},
            "Cache-Control": {"schema": {"type": "string"}},
        }
        doc["parameters"].append({"in": "header", "name": "If-None-Match", "required": False,
                                  "schema": {"type": "string"}})
        responses["304"] = {"description": "Not modified: the ETag sent still matches."}
    for status in sorted({*op.errors, 500}):
        responses[str(status)] = _error(status)
    responses["default"] = {"description": "Any other error, in the same shape.",
                            "content": {"application/json": {"schema": "Error"}}}
    doc["responses"] = responses
    if not doc["parameters"]:
        del doc["parameters"]
    return doc


def _category_enum(converter, field, **kwargs) -> dict:
    return {"enum": category_choices()} if isinstance(field, CategoryField) else {}


def build_spec(app: Flask) -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Dental Code Guide lookup server",
        version=cdt_data.__version__,
        openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": f"Plain-language guidance for CDT {cdt_data.EDITION} procedure codes, "
                             "served from the cdt-data package on the biller's own machine."},
    )
    plugin.converter.add_attribute_function(_category_enum)
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict] = {}
    for rule in app.url_map.iter_rules():
        op = getattr(app.view_functions.get(rule.endpoint), "operation", None)
        if op is None:
            continue
        methods = sorted(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
        paths.setdefault(openapi_path(rule.rule), {}).update(
            {m: _operation(rule.endpoint, op) for m in methods})
    for path in sorted(paths):
        spec.path(path=path, operations=paths[path])
    return spec.to_dict()
