"""The hottest request, answered without Flask: ``GET /api/v1/codes/D0371`` for a code already
encoded, in its canonical spelling, from a Host this server answers.

It sends exactly what the Flask route sends (the same cached bytes and ETag, Cache-Control,
304 on a matching If-None-Match, the CORS headers of cors.py), which
tests/server/test_fast_path.py checks against the Flask route for every record and header
variant. Anything else (another spelling, an unknown code, a query string, HEAD, a bad Host)
goes on to Flask untouched. A page scan asks for one code per tooltip, so this is the request
the server answers most; Flask's request context, routing and response objects were more
than half of its time.
"""
from __future__ import annotations

from .access_log import ROUTE_KEY

PREFIX = "/api/v1/codes/"
ROUTE = "/api/v1/codes/<code:code>"


class RecordFastPath:
    def __init__(self, flask_wsgi, data, hosts, origin_allowed, max_age: int):
        self.next = flask_wsgi
        self.data = data
        self.hosts = hosts
        self.origin_allowed = origin_allowed
        self.cache_control = f"public, max-age={max_age}"

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (len(path) == 19 and path.startswith(PREFIX) and environ.get("REQUEST_METHOD") == "GET"
                and not environ.get("QUERY_STRING") and not environ.get("SCRIPT_NAME")):
            code = path[14:]
            found = self.data.cached(code)
            host = environ.get("HTTP_HOST")
            if found is not None and (host is None or self.hosts.allows(host)):
                return self._answer(environ, start_response, code, found)
        return self.next(environ, start_response)

    def _answer(self, environ, start_response, code, found):
        environ[ROUTE_KEY] = (ROUTE, {"code": code})
        headers = [("ETag", found.etag), ("Cache-Control", self.cache_control)]
        sent = environ.get("HTTP_IF_NONE_MATCH")
        if sent and etag_matches(sent, found.etag):
            start_response("304 NOT MODIFIED", headers)
            return []
        headers += [("Content-Type", "application/json"), ("Content-Length", str(len(found.body)))]
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and self.origin_allowed(origin):
            headers += [("Access-Control-Allow-Origin", origin), ("Access-Control-Expose-Headers", "ETag"),
                        ("Vary", "Origin")]
        start_response("200 OK", headers)
        return [found.body]


def etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x", and * matches anything."""
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return etag in tags or "*" in tags
