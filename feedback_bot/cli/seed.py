"""``feedback-bot seed demo``: data for a local demonstration."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from feedback_bot.db import utcnow
from feedback_bot.runtime import get_runtime
from feedback_bot.services import demo as demo_data


@click.group("seed")
def seed_group() -> None:
    """Load example data."""


@seed_group.command("demo")
@with_appcontext
def demo() -> None:
    """Six demo stations (marked as demo), the default polls, one upcoming Open Day each."""
    stations, open_days = demo_data.seed(get_runtime(), now=utcnow())
    click.echo(
        f"Demo data: {stations} demo stations, {open_days} new Open Days; "
        "polls trust v1 and open_day v1 are built in."
    )


commands = [seed_group]
