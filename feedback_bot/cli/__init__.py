"""The ``feedback-bot`` command line: a Flask CLI group over ``create_app``."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask.cli import FlaskGroup

from feedback_bot import create_app
from feedback_bot.config import ConfigError


def _create_app() -> Any:
    try:
        return create_app()
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """Operate feedback_bot: database, stations, Open Days, jobs, exports and summaries."""
