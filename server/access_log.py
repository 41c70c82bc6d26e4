"""Access log as WSGI middleware: method, path, status and time, nothing else.

Never the query string (search text is typed by a person, claim data is patient data), never a
body, never a header. Sits outside Flask so it also sees errors raised before a view runs.
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger("cdt_server.access")


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
                log.info("%s %s %s %.1fms", environ.get("REQUEST_METHOD", "-"), _path(environ),
                         status_line[0], (time.perf_counter() - started) * 1000)


def _path(environ) -> str:
    # PATH_INFO is already without the query string; cap it, a path can carry typed text too.
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return path if len(path) <= 80 else path[:77] + "..."
