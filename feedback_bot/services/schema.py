"""Alembic, driven from the installed package so it works from any directory."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from feedback_bot.runtime import Runtime, get_runtime

__all__ = ["current_revision", "database_answers", "downgrade", "upgrade"]


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


def database_answers(runtime: Runtime) -> bool:
    """Whether the database answers a trivial query now (the health check)."""
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True
