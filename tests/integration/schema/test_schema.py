"""The migrations are the schema: they build what the models describe, up and down."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from feedback_bot.db import Base
from feedback_bot.services import schema


def test_migrated_schema_matches_the_models(runtime):
    with runtime.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrations_downgrade_to_empty_and_upgrade_again(app, runtime):
    with app.app_context():
        schema.downgrade("base")
        assert set(inspect(runtime.engine).get_table_names()) <= {"alembic_version"}
        schema.upgrade("head")
        assert schema.current_revision() is not None
    assert set(Base.metadata.tables) <= set(inspect(runtime.engine).get_table_names())


def test_db_upgrade_command_from_any_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database is at" in result.output
