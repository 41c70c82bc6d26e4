"""CORS for /api/* only: the configured origins (browser extensions by default), no
credentials, and the Private Network Access preflight answered for those origins alone.

A small after-request hook instead of flask-cors: the same headers, a fraction of the work per
request (flask-cors's generic header handling was about a third of a code lookup's time).
"""
from __future__ import annotations

import re

from flask import Flask, request

from .settings import cors_origins

ALLOW_METHODS = "GET, OPTIONS, POST"
ALLOW_HEADERS = frozenset({"content-type", "if-none-match"})
MAX_AGE = "600"


def enable_cors(app: Flask):
    """Adds the hook; returns the origin test (the record fast path uses the same one)."""
    patterns = [_pattern(o) for o in cors_origins(app.config["CORS_ORIGINS"])]

    def allowed(origin: str) -> bool:
        return any(p.match(origin) for p in patterns)

    @app.after_request
    def cors_headers(response):
        environ = request.environ
        origin = environ.get("HTTP_ORIGIN")
        if origin is None or not environ.get("PATH_INFO", "").startswith("/api/") or not allowed(origin):
            return response
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = origin
        headers["Access-Control-Expose-Headers"] = "ETag"
        if environ.get("REQUEST_METHOD") == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ:
            if environ.get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK", "").lower() == "true":
                headers["Access-Control-Allow-Private-Network"] = "true"
            asked = [h.strip() for h in environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").split(",")]
            granted = [h for h in asked if h.lower() in ALLOW_HEADERS]
            if granted:
                headers["Access-Control-Allow-Headers"] = ", ".join(granted)
            headers["Access-Control-Max-Age"] = MAX_AGE
            headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        vary = headers.get("Vary")
        headers["Vary"] = "Origin" if not vary else vary if "origin" in vary.lower() else vary + ", Origin"
        return response

    return allowed


def _pattern(origin: str) -> "re.Pattern":
    """An exact origin matches only itself, case-insensitively; a pattern as written."""
    if origin.startswith("^") or origin.endswith("$"):
        return re.compile(origin, re.IGNORECASE)
    return re.compile(re.escape(origin) + "$", re.IGNORECASE)
