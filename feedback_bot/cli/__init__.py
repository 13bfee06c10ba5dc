"""The ``feedback-bot`` command line: a Flask CLI group over ``create_app``."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask.cli import AppGroup, FlaskGroup

from feedback_bot.config import ConfigError
from feedback_bot.errors import UserError


def _create_app() -> Any:
    from feedback_bot import create_app

    try:
        return create_app()
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


class _UserErrorsAsSentences:
    """Turns a user's mistake into one sentence and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except UserError as error:
            raise click.ClickException(str(error)) from None


class FeedbackBotGroup(_UserErrorsAsSentences, FlaskGroup):
    """The installed ``feedback-bot`` script."""


class AppCommands(_UserErrorsAsSentences, AppGroup):
    """``app.cli``: the same commands under ``flask --app feedback_bot`` and the test runner."""


@click.group(cls=FeedbackBotGroup, create_app=_create_app)
def main() -> None:
    """Operate feedback_bot: database, stations, Open Days, jobs, exports and summaries."""
