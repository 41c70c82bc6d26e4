"""Access log as WSGI middleware: method, route, status and time, nothing else.

Never the raw path, query string, body or a header: a path can carry a name, a newline that
forges a log line (%0A) or a terminal escape (%1B[). The app records the route it matched
(``/api/v1/codes/<code>``) in the environ; a path parameter is shown only when it is a
well-formed code, in its canonical spelling (``/api/v1/codes/D0371``). A request that matched
no route is logged as ``-``. Sits outside Flask so it also sees errors raised before a view.
"""
from __future__ import annotations

import logging
import re
import time

import cdt_data

log = logging.getLogger("cdt_server.access")

ROUTE_KEY = "cdt_server.route"   # environ key: (rule, view_args) set by the app
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def method_of(environ) -> str:
    method = environ.get("REQUEST_METHOD", "-")
    return method if method in METHODS else "OTHER"


def route_of(environ) -> str:
    matched = environ.get(ROUTE_KEY)
    if matched is None:
        return "-"
    rule, args = matched
    if not args:
        return rule
    parts = _split(rule)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a parameter name
            try:
                part = cdt_data.normalize_code(args.get(part))
            except cdt_data.CdtDataError:
                part = f"<{part}>"
        out.append(part)
    return "".join(out)


_split_cache: dict[str, list[str]] = {}


def _split(rule: str) -> list[str]:
    """'/a/<code:code>/b' -> ['/a/', 'code', '/b']: text and parameter names, alternating."""
    parts = _split_cache.get(rule)
    if parts is None:
        parts = _split_cache[rule] = _PARAM.split(rule)  # rules come from the app, a fixed few
    return parts


class AccessLog:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status_line = ["-"]

        def recording_start_response(status, headers, exc_info=None):
            status_line[0] = status.split(" ", 1)[0]
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, recording_start_response)
        finally:
            if log.isEnabledFor(logging.INFO):
                log.info("%s %s %s %.1fms", method_of(environ), route_of(environ),
                         status_line[0], (time.perf_counter() - started) * 1000)
