"""feedback_bot: resident perception polls and Open Days for Model Police Stations."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from feedback_bot import runtime
from feedback_bot.config import load_config

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: read config, bind the database, register blueprints and commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="web/templates",
        static_folder="web/static",
    )
    app.config.update(load_config(app.instance_path, overrides))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["APP_ENV"] == "production",
    )
    if app.config.get("USING_DEV_SECRETS"):
        log.warning(
            "APP_ENV=%s: using throw-away development secrets; never use this database "
            "for real residents.",
            app.config["APP_ENV"],
        )
    if app.config["TRUSTED_PROXIES"]:
        # Behind a TLS-terminating proxy the client address (login throttling) and
        # scheme come from X-Forwarded-*; trust exactly as many hops as configured.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    runtime.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _submodules(package_name: str) -> list[Any]:
    package = importlib.import_module(package_name)
    return [
        importlib.import_module(f"{package_name}.{info.name}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]


def _register_blueprints(app: Flask) -> None:
    """Every module of feedback_bot.web that defines ``bp`` is a blueprint of the app."""
    for module in _submodules("feedback_bot.web"):
        blueprint = getattr(module, "bp", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)


def _register_commands(app: Flask) -> None:
    """Every module of feedback_bot.cli that defines ``commands`` adds them to ``app.cli``."""
    for module in _submodules("feedback_bot.cli"):
        for command in getattr(module, "commands", ()):
            app.cli.add_command(command)
