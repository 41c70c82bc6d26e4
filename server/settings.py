"""Default settings and their strict reading.

Each can be overridden by a ``CDT_SERVER_<NAME>`` environment variable (JSON values are parsed:
``CDT_SERVER_PORT=9000``, ``CDT_SERVER_CORS_ORIGINS='["https://x"]'``) or by the mapping given
to ``create_app``. Every value is then checked by ``check_settings``: a value of the wrong kind
stops the start with a SettingError naming the setting, never a silent guess
(``CDT_SERVER_ALLOW_REMOTE=False`` used to be the string "False", which is true).
"""
from __future__ import annotations

import re
from typing import MutableMapping

from cdt_data import CdtDataError

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
    "ALLOWED_HOSTS": [],          # Host names answered besides loopback (with --allow-remote)
    "CORS_ORIGINS": list(EXTENSION_ORIGINS),
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_LOOKUP_CODES": 500,
    "MAX_CLAIM_LINES": 200,
    "RECORD_MAX_AGE": 3600,  # seconds a client may reuse a code record before revalidating
    "CONNECTION_LIMIT": 1000,     # open connections in all (waitress stops accepting above)
    "CLIENT_CONNECTION_LIMIT": 64,  # open connections per remote address (loopback exempt)
    "CHANNEL_TIMEOUT": 30,        # seconds an idle connection is kept
    "MAX_HEADER_BYTES": 16 * 1024,
    "WARM_UP": True,
}

_REGEX_HINTS = set("^$*?[]()\\")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class SettingError(CdtDataError, ValueError):
    """A setting with a value of the wrong kind or out of range; the message names it."""


def to_bool(name: str, value: object) -> bool:
    """True/False, or one of true/false, 1/0, yes/no, on/off in any case; anything else refused."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise SettingError(f"{name} is true or false (or yes/no, on/off, 1/0), not {_show(value)}.")


def to_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SettingError(f"{name} is a whole number from {low} to {high}, not {_show(value)}.")
    return value


def host_names(value: object) -> list[str]:
    """A list of host names, or a comma-separated string of them, lower-cased."""
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingError("ALLOWED_HOSTS is a list of host names, or one comma-separated string.")
    names = [v.strip().lower().rstrip(".") for v in value if v.strip()]
    for name in names:
        if not re.fullmatch(r"[a-z0-9.\-]+|\[?[0-9a-f:.]+\]?", name):
            raise SettingError(f"ALLOWED_HOSTS: {_show(name)} is not a host name or address.")
    return names


def check_settings(config: MutableMapping) -> None:
    """Check and normalise every setting in place; SettingError for the first bad one."""
    host = config["HOST"]
    if not isinstance(host, str) or not host.strip():
        raise SettingError(f"HOST is an address or name to listen on, not {_show(host)}.")
    config["PORT"] = to_int("PORT", config["PORT"], 0, 65535)
    config["THREADS"] = to_int("THREADS", config["THREADS"], 1, 256)
    config["ALLOW_REMOTE"] = to_bool("ALLOW_REMOTE", config["ALLOW_REMOTE"])
    config["WARM_UP"] = to_bool("WARM_UP", config["WARM_UP"])
    config["ALLOWED_HOSTS"] = host_names(config["ALLOWED_HOSTS"])
    config["CORS_ORIGINS"] = cors_origins(config["CORS_ORIGINS"])
    config["MAX_CONTENT_LENGTH"] = to_int("MAX_CONTENT_LENGTH", config["MAX_CONTENT_LENGTH"], 1, 16 << 20)
    config["RECORD_MAX_AGE"] = to_int("RECORD_MAX_AGE", config["RECORD_MAX_AGE"], 0, 365 * 86400)
    config["CONNECTION_LIMIT"] = to_int("CONNECTION_LIMIT", config["CONNECTION_LIMIT"], 10, 10_000)
    config["CLIENT_CONNECTION_LIMIT"] = to_int("CLIENT_CONNECTION_LIMIT", config["CLIENT_CONNECTION_LIMIT"],
                                               0, 10_000)
    config["CHANNEL_TIMEOUT"] = to_int("CHANNEL_TIMEOUT", config["CHANNEL_TIMEOUT"], 1, 3600)
    config["MAX_HEADER_BYTES"] = to_int("MAX_HEADER_BYTES", config["MAX_HEADER_BYTES"], 1024, 1 << 20)


def cors_origins(value: object) -> list[str]:
    """The configured origins as a list: exact origins (``https://portal.example``) or regexes.

    Accepts a list or a comma-separated string (as an environment variable may give it).
    Refuses ``*``: the server never answers every web page.
    """
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingError("CORS_ORIGINS is a list of origins or origin patterns.")
    origins = []
    for origin in value:
        if origin in ("*", ".*", "^.*$"):
            raise SettingError("CORS_ORIGINS may not be '*': list the origins that may call the server.")
        if _REGEX_HINTS & set(origin):
            try:
                re.compile(origin)  # a broken pattern fails at start-up, not per request
            except re.error as exc:
                raise SettingError(f"CORS_ORIGINS: {origin!r} is not a valid pattern ({exc}).") from None
            if not origin.endswith("$"):
                origin += "$"  # re.match anchors only the start; anchor the end too
        origins.append(origin)
    return origins


def _show(value: object) -> str:
    from cdt_data.errors import shorten
    return shorten(value)
