"""One JSON error shape for every error the app can produce, registered on the app.

``{"status": 404, "error": "unknown_code", "message": "...", "suggestions": [...]}``;
``fields`` carries per-field messages for 400/422. No HTML page, no traceback, no internals.
"""
from __future__ import annotations

import json

from flask import Flask, current_app
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

import cdt_data

from .last_resort import log_unexpected
from .schemas import error_schema


class ApiError(Exception):
    """An error a view raises on purpose; becomes the one JSON error shape."""

    def __init__(self, status: int, error: str, message: str, *, fields=None, suggestions=None, headers=None):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.fields = fields
        self.suggestions = suggestions
        self.headers = headers or {}


def error_response(err: ApiError):
    payload = {"status": err.status, "error": err.error, "message": err.message}
    if err.suggestions is not None:
        payload["suggestions"] = list(err.suggestions)
    if err.fields is not None:
        payload["fields_"] = err.fields
    dumped = error_schema.dump(payload)
    body = json.dumps(dumped, ensure_ascii=False, separators=(",", ":"))
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate echoed in `fields`: escape it, JSON allows that
        body = json.dumps(dumped, ensure_ascii=True, separators=(",", ":"))
    headers = {"Content-Type": "application/json", **err.headers}
    return body, err.status, headers


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_").replace("'", "")


def _from_http(exc: HTTPException) -> ApiError:
    messages = {
        404: "There is no such endpoint; see /api/v1/openapi.json for the ones there are.",
        405: "This endpoint does not take that method.",
        413: f"The request body is over the limit of {current_app.config['MAX_CONTENT_LENGTH']} bytes.",
        415: "Send the body as JSON with 'Content-Type: application/json'.",
    }
    status = exc.code or 500
    message = messages.get(status) or (exc.description or exc.name)
    # Keep only headers that mean something for an API client (Allow on 405, Retry-After...).
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    return ApiError(status, _slug(exc.name), message, headers=headers)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, error_response)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, InternalServerError):
            return unexpected(exc.original_exception or exc)
        return error_response(_from_http(exc))

    @app.errorhandler(cdt_data.InvalidCodeError)
    def invalid_code(exc):
        return error_response(ApiError(400, "invalid_code", str(exc)))

    @app.errorhandler(cdt_data.InvalidQueryError)
    def invalid_query(exc):
        return error_response(ApiError(400, "invalid_parameter", str(exc)))

    @app.errorhandler(cdt_data.UnknownCodeError)
    def unknown_code(exc):
        return error_response(ApiError(404, "unknown_code", str(exc), suggestions=exc.suggestions))

    @app.errorhandler(ValidationError)
    def invalid_body(exc):
        # Query strings come through the same schemas; views re-raise those as 400.
        return error_response(ApiError(422, "invalid_body", "The request body does not fit the schema.",
                                       fields=exc.messages))

    @app.errorhandler(Exception)
    def unexpected(exc):
        # The message, and even a source line, may quote request data: log the type and where.
        log_unexpected(exc)
        return error_response(ApiError(500, "internal_error",
                                       "The server failed on this request; the details are in its log."))
