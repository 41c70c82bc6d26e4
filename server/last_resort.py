"""The outermost safety net: whatever fails inside the app, even while the response body is
being produced, the client gets the one JSON error shape and the log gets the exception's type
and code location, never its message (which may quote request data) and never a traceback
from waitress (which would name the raw path)."""
from __future__ import annotations

import logging
import sys
import traceback

log = logging.getLogger("cdt_server.errors")

BODY_500 = (b'{"status":500,"error":"internal_error",'
            b'"message":"The server failed on this request; the details are in its log."}')


def log_unexpected(exc: BaseException) -> None:
    frames = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(exc.__traceback__))
    log.error("unhandled %s\n%s", type(exc).__name__, frames)


class LastResort:
    """Runs the app and collects its body before anything is sent (every answer here is small
    JSON already in memory), so a failure at any point can still become a JSON 500."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        try:
            result = self.wsgi_app(environ, start_response)
            try:
                chunks = list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            return chunks
        except Exception as exc:  # noqa: BLE001 - the point of this layer
            log_unexpected(exc)
            start_response("500 INTERNAL SERVER ERROR",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(BODY_500)))],
                           sys.exc_info())
            return [BODY_500]
