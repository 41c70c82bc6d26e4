"""CORS for /api/* only: the configured origins (browser extensions by default), no
credentials, and the Private Network Access preflight answered for those origins alone."""
from __future__ import annotations

import re

from flask import Flask
from flask_cors import CORS

from .settings import cors_origins


def enable_cors(app: Flask) -> None:
    CORS(
        app,
        # Compiled patterns: flask-cors then matches them directly instead of guessing per request
        # whether each string is a regex (a third of a record lookup's time otherwise).
        resources={re.compile(r"^/api/"): {"origins": [_pattern(o) for o in cors_origins(app.config["CORS_ORIGINS"])]}},
        methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "If-None-Match"],
        expose_headers=["ETag"],
        supports_credentials=False,
        allow_private_network=True,
        max_age=600,
        send_wildcard=False,
        always_send=False,  # no Origin header, no CORS work
        vary_header=True,
    )


def _pattern(origin: str) -> "re.Pattern":
    """An exact origin matches only itself, case-insensitively; a pattern as written."""
    if origin.startswith("^") or origin.endswith("$"):
        return re.compile(origin, re.IGNORECASE)
    return re.compile(re.escape(origin) + "$", re.IGNORECASE)
