"""``feedback-bot jobs run NAME [--now ISO]``: run one scheduled job once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext

from feedback_bot.db import utcnow
from feedback_bot.errors import UserError
from feedback_bot.jobs import AUDITED_JOBS, JOB_NAMES, run_job
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit


def parse_time(text: str, timezone: str, label: str) -> dt.datetime:
    """An ISO date and time as aware UTC; without an offset it is local time in ``timezone``."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"{label} {text!r} is not a date and time such as 2026-12-05T10:00 "
            "or 2026-12-05T10:00+03:00."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(dt.UTC)


@click.group("jobs")
def jobs_group() -> None:
    """Run the scheduled jobs by hand."""


@jobs_group.command("run")
@click.argument("name", type=click.Choice(JOB_NAMES))
@click.option(
    "--now",
    "now_text",
    metavar="ISO",
    help="Run as if it were this time (ISO 8601; without an offset, local TIMEZONE).",
)
@with_appcontext
def run_command(name: str, now_text: str | None) -> None:
    """Run job NAME once and print its summary."""
    runtime = get_runtime()
    now = parse_time(now_text, runtime.config["TIMEZONE"], "--now") if now_text else utcnow()
    options = {"actor": audit.cli_actor()} if name in AUDITED_JOBS else {}
    click.echo(run_job(name, runtime, now=now, **options))


commands = [jobs_group]
