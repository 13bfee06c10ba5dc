"""Per-app resources (engine, sessions, keys), reached through the Flask app, never globals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from feedback_bot.db import make_engine, make_session_factory
from feedback_bot.security import PhoneVault

EXTENSION_KEY = "feedback_bot"


@dataclass
class Runtime:
    config: dict[str, Any]
    engine: Engine
    sessions: sessionmaker[Session]
    vault: PhoneVault
    # Built on first use, per app: the message transport (feedback_bot.channels).
    extensions: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on error."""
        with self.sessions() as session, session.begin():
            yield session


def init_app(app: Flask) -> Runtime:
    engine = make_engine(app.config["DATABASE_URL"])
    runtime = Runtime(
        config=app.config,
        engine=engine,
        sessions=make_session_factory(engine),
        vault=PhoneVault(
            phone_key=app.config["PHONE_ENCRYPTION_KEY"],
            pseudonym_key=app.config["PSEUDONYM_KEY"],
        ),
    )
    app.extensions[EXTENSION_KEY] = runtime
    return runtime


def get_runtime(app: Flask | None = None) -> Runtime:
    return (app or current_app).extensions[EXTENSION_KEY]
