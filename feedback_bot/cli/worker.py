"""``feedback-bot worker``: the scheduler process running every job on its schedule."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext

from feedback_bot.jobs.worker import run_worker
from feedback_bot.runtime import get_runtime


@click.command("worker")
@with_appcontext
def worker_command() -> None:
    """Run follow-ups, reminders, the outbox and the weekly digest until SIGTERM or Ctrl+C."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Each run is logged by the worker itself; APScheduler's per-run lines would repeat it.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    run_worker(get_runtime())


commands = [worker_command]
