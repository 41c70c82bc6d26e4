"""The app factory."""
from __future__ import annotations

from typing import Mapping, Optional

from flask import Flask

from .access_log import AccessLog
from .cors import enable_cors
from .dataset import Dataset
from .errors import register_error_handlers
from .routes import BLUEPRINTS
from .settings import DEFAULTS


def create_app(config: Optional[Mapping] = None) -> Flask:
    """Defaults, then ``CDT_SERVER_*`` environment variables, then ``config``."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CDT_SERVER")
    if config is not None:
        app.config.from_mapping(config)
    app.json.sort_keys = False
    app.json.compact = True

    data = Dataset()
    app.extensions["cdt"] = data
    if app.config["WARM_UP"]:
        data.warm()

    register_error_handlers(app)
    enable_cors(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.wsgi_app = AccessLog(app.wsgi_app)
    return app
