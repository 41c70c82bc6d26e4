"""The ``operation`` decorator: loads a view's query string or JSON body through its schema and
records what the OpenAPI document says about the view. One declaration serves both."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from flask import request
from marshmallow import Schema, ValidationError

from .errors import ApiError

ERROR_STATUSES = {
    400: "Malformed code, parameter or JSON.",
    404: "Unknown code (with suggestions) or route.",
    405: "Method not allowed.",
    413: "Body over the size limit.",
    415: "Body is not JSON.",
    422: "Body does not fit the schema (field messages in `fields`).",
    500: "Server failure (no internals in the message).",
}


@dataclass(frozen=True)
class Operation:
    summary: str
    response: Schema
    query: Optional[Schema] = None
    body: Optional[Schema] = None
    errors: tuple[int, ...] = ()
    cached: bool = False  # answers with ETag / Cache-Control and honours If-None-Match
    description: str = ""
    path_params: dict = field(default_factory=dict)


def _json_body():
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with 'Content-Type: application/json'.")
    raw = request.get_data(cache=True)  # 413 past MAX_CONTENT_LENGTH
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, absurd nesting; never echo it
        raise ApiError(400, "invalid_json", "The request body is not valid JSON.") from None
    # "\ud800" alone is valid JSON syntax but no character: it cannot be encoded as UTF-8
    # again, in an answer or a log. Looked for only when the body has a surrogate escape.
    if _SURROGATE_ESCAPE.search(raw) and _has_lone_surrogate(body):
        raise ApiError(400, "invalid_json", "The request body holds a lone UTF-16 surrogate "
                                            "(an unpaired \\ud800-\\udfff escape), which is no character.")
    return body


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def operation(summary: str, *, response: Schema, query: Optional[Schema] = None,
              body: Optional[Schema] = None, errors: tuple[int, ...] = (), cached: bool = False,
              description: str = "", path_params: Optional[dict] = None) -> Callable:
    op = Operation(summary, response, query, body, errors, cached, description, path_params or {})

    def wrap(view):
        @functools.wraps(view)
        def loaded(*args, **kwargs):
            if op.query is not None:
                try:
                    kwargs["query"] = op.query.load(request.args)
                except ValidationError as exc:
                    raise ApiError(400, "invalid_parameter", "A query parameter is missing or wrong.",
                                   fields=exc.messages) from None
            if op.body is not None:
                kwargs["body"] = op.body.load(_json_body())  # ValidationError -> 422
            return view(*args, **kwargs)

        loaded.operation = op
        return loaded

    return wrap
