"""Alembic, driven from the installed package so it works from any directory."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import current_app

from feedback_bot.runtime import get_runtime


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("feedback_bot.migrations")))
    config.attributes["engine"] = get_runtime(current_app).engine
    return config


def upgrade(revision: str = "head") -> None:
    command.upgrade(alembic_config(), revision)


def downgrade(revision: str) -> None:
    command.downgrade(alembic_config(), revision)


def current_revision() -> str | None:
    with get_runtime(current_app).engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
