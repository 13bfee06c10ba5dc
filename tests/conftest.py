"""Shared fixtures: a migrated database per test, on SQLite or PostgreSQL.

Choose the backend with FEEDBACK_BOT_TEST_DB=sqlite (default) or postgresql.
PostgreSQL runs use a throw-away database on FEEDBACK_BOT_TEST_PG_URL
(default postgresql://postgres@127.0.0.1:5432/postgres), created and dropped per run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from feedback_bot import create_app
from feedback_bot.db import Base
from feedback_bot.runtime import get_runtime
from tests.support.settings import (
    BACKEND,
    PG_ADMIN_URL,
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
)

if BACKEND not in ("sqlite", "postgresql"):
    raise pytest.UsageError("FEEDBACK_BOT_TEST_DB must be sqlite or postgresql")


def base_config(database_url: str) -> dict[str, Any]:
    return {
        "APP_ENV": "test",
        "DATABASE_URL": database_url,
        "MESSAGE_TRANSPORT": "fake",
        "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_MESSAGING_SERVICE_SID": "MG00000000000000000000000000000001",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "QUIET_HOURS": "off",
        # Cheap hashing for the suite; production refuses anything but scrypt (test_config).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


def _migrate(database_url: str) -> None:
    from feedback_bot.services import schema

    app = create_app(base_config(database_url))
    with app.app_context():
        schema.upgrade("head")
    get_runtime(app).engine.dispose()


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A throw-away PostgreSQL database, migrated, dropped afterwards."""
    name = f"fb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _emptied(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        _empty_every_table(connection)
    engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once per run with the real Alembic migrations."""
    if BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("db") / "template.db"
        _migrate(f"sqlite:///{path}")
        yield str(path)
        return
    with _postgres_database() as url:
        yield url


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated, empty database for one test."""
    if BACKEND == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"
        return
    yield database_template
    _emptied(database_template)


@pytest.fixture(scope="session")
def postgres_template(request: pytest.FixtureRequest) -> Iterator[str]:
    """PostgreSQL for the tests that are about PostgreSQL itself, in the SQLite leg too.

    A developer who runs only the SQLite suite still runs them when PostgreSQL answers;
    without it they are skipped with the reason, except under CI, where that fails.
    """
    if BACKEND == "postgresql":
        yield request.getfixturevalue("database_template")
        return
    try:
        create_engine(PG_ADMIN_URL).connect().close()
    except OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip("PostgreSQL does not answer at FEEDBACK_BOT_TEST_PG_URL")
    with _postgres_database() as url:
        yield url


@pytest.fixture
def postgres_database_url(postgres_template: str) -> Iterator[str]:
    """A fresh, migrated, empty PostgreSQL database for one test, whatever the backend."""
    yield postgres_template
    _emptied(postgres_template)


# Tables with triggers of their own (the audit log refuses TRUNCATE): the fixture, which owns
# the tables, switches those off for its one TRUNCATE, in the same transaction.
USER_TRIGGER_TABLES = text(
    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace"
)


def _empty_every_table(connection) -> None:
    guarded = list(connection.scalars(USER_TRIGGER_TABLES))
    for table in guarded:
        connection.execute(text(f'ALTER TABLE "{table}" DISABLE TRIGGER USER'))
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    for table in guarded:
        connection.execute(text(f'ALTER TABLE "{table}" ENABLE TRIGGER USER'))


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Any]]:
    """Build an app on this test's database, with config overrides."""
    apps = []

    def factory(**overrides: Any):
        app = create_app({**base_config(database_url), **overrides})
        app.config["TESTING"] = True
        apps.append(app)
        return app

    yield factory
    for app in apps:
        get_runtime(app).engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Any]):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def runtime(app):
    return get_runtime(app)


@pytest.fixture
def fixtures_dir() -> Path:
    """../shared/fixtures/twilio beside the repository (as laid out for developers and CI)."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "twilio"
    if not path.is_dir():
        pytest.fail(f"Twilio fixtures not found at {path}")
    return path
