"""``feedback-bot db``: the schema, through Alembic."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from feedback_bot.services import schema


@click.group("db")
def db_group() -> None:
    """Create or migrate the database schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str) -> None:
    """Create or migrate the schema to REVISION (default: the latest)."""
    schema.upgrade(revision)
    click.echo(f"Database is at {schema.current_revision() or 'base'}.")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Step the schema back to REVISION (``base`` removes every table)."""
    schema.downgrade(revision)
    click.echo(f"Database is at {schema.current_revision() or 'base'}.")


@db_group.command("current")
@with_appcontext
def current() -> None:
    """Show the schema revision the database is at."""
    click.echo(schema.current_revision() or "base")


commands = [db_group]
