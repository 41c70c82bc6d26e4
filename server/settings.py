"""Default settings; each can be overridden by a ``CDT_SERVER_<NAME>`` environment variable
(JSON values are parsed: ``CDT_SERVER_PORT=9000``, ``CDT_SERVER_CORS_ORIGINS='["https://x"]'``)
or by the mapping given to ``create_app``."""
from __future__ import annotations

import re

# Any extension id: Chrome/Edge ids are 32 letters a-p, Firefox's are per-install UUIDs.
EXTENSION_ORIGINS = (
    r"^chrome-extension://[a-p]{32}$",
    r"^moz-extension://[0-9a-fA-F-]{36}$",
)

DEFAULTS = {
    "HOST": "127.0.0.1",
    "PORT": 8765,
    "THREADS": 8,
    "ALLOW_REMOTE": False,
    "CORS_ORIGINS": list(EXTENSION_ORIGINS),
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_LOOKUP_CODES": 500,
    "MAX_CLAIM_LINES": 200,
    "RECORD_MAX_AGE": 3600,  # seconds a client may reuse a code record before revalidating
    "WARM_UP": True,
}

_REGEX_HINTS = set("^$*?[]()\\")


def cors_origins(value: object) -> list[str]:
    """The configured origins as a list: exact origins (``https://portal.example``) or regexes.

    Accepts a list or a comma-separated string (as an environment variable may give it).
    Refuses ``*``: the server never answers every web page.
    """
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("CORS_ORIGINS is a list of origins or origin patterns.")
    origins = []
    for origin in value:
        if origin in ("*", ".*", "^.*$"):
            raise ValueError("CORS_ORIGINS may not be '*': list the origins that may call the server.")
        if _REGEX_HINTS & set(origin):
            try:
                re.compile(origin)  # a broken pattern fails at start-up, not per request
            except re.error as exc:
                raise ValueError(f"CORS_ORIGINS: {origin!r} is not a valid pattern ({exc}).") from None
            if not origin.endswith("$"):
                origin += "$"  # flask-cors matches from the start only; anchor the end too
        origins.append(origin)
    return origins
