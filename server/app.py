"""The app factory."""
from __future__ import annotations

from typing import Mapping, Optional

from flask import Flask, request
from werkzeug.routing import BaseConverter

from .access_log import ROUTE_KEY, AccessLog
from .cors import enable_cors
from .dataset import Dataset
from .errors import ApiError, register_error_handlers
from .fast_path import RecordFastPath
from .hosts import HostPolicy
from .last_resort import LastResort
from .routes import BLUEPRINTS
from .settings import DEFAULTS, check_settings


class CodeConverter(BaseConverter):
    """Any one path segment except ``lookup``, which is the POST-only batch endpoint: a GET of
    /api/v1/codes/lookup is a 405 with ``Allow: POST``, not a malformed code."""

    regex = r"(?!lookup$)[^/]+"


def create_app(config: Optional[Mapping] = None) -> Flask:
    """Defaults, then ``CDT_SERVER_*`` environment variables, then ``config``; every value is
    then checked (SettingError, a CdtDataError, for a bad one)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CDT_SERVER")
    if config is not None:
        app.config.from_mapping(config)
    check_settings(app.config)
    app.json.sort_keys = False
    app.json.compact = True
    app.url_map.converters["code"] = CodeConverter

    data = Dataset()
    app.extensions["cdt"] = data
    if app.config["WARM_UP"]:
        data.warm()

    hosts = HostPolicy(app.config["HOST"], app.config["ALLOWED_HOSTS"], remote=app.config["ALLOW_REMOTE"])
    app.extensions["cdt_hosts"] = hosts

    @app.before_request
    def record_route_then_check_host():
        req = request._get_current_object()  # one proxy look-up, not four
        environ = req.environ
        # The access log shows the route matched, never the raw path (access_log.py).
        if req.url_rule is not None:
            environ[ROUTE_KEY] = (req.url_rule.rule, req.view_args)
        sent = environ.get("HTTP_HOST")
        if sent is not None and not hosts.allows(sent):  # no Host (HTTP/1.0): no browser, no rebinding
            raise ApiError(400, "invalid_host", "This server does not answer for that Host name; "
                                                "see ALLOWED_HOSTS in docs/server.md.")

    register_error_handlers(app)
    origin_allowed = enable_cors(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    fast = RecordFastPath(app.wsgi_app, data, hosts, origin_allowed, app.config["RECORD_MAX_AGE"])
    app.extensions["cdt_fast_path"] = fast
    app.wsgi_app = AccessLog(LastResort(fast))
    return app
