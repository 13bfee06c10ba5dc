"""Alembic environment: runs against the app's engine, or DATABASE_URL when run by hand."""

from __future__ import annotations

import os

from alembic import context

import feedback_bot.models  # noqa: F401  (registers every table on the metadata)
from feedback_bot.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Set DATABASE_URL, or run migrations with `feedback-bot db upgrade`.")
    return make_engine(url)


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise RuntimeError("Offline (SQL script) migrations are not supported; run them online.")
run_migrations_online()
