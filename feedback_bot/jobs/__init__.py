"""Scheduled jobs: follow-ups, reminders, digests, the outbox, the retention purge; and the
worker that runs them.

Each job is a module ``feedback_bot.jobs.<name>`` with ``run(runtime, *, now) -> str``
returning a one-line summary without personal data. Jobs are imported only when
run, so importing this package starts nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

JOB_NAMES = ("followups", "reminders", "digests", "outbox", "purge")
# Jobs that write the audit log, so they are told who runs them (the worker, or an operator).
AUDITED_JOBS = ("purge",)


def job(name: str) -> Callable[..., str]:
    """The ``run`` function of job NAME."""
    if name not in JOB_NAMES:
        raise KeyError(name)
    return importlib.import_module(f"feedback_bot.jobs.{name}").run


def run_job(name: str, runtime: Any, *, now: dt.datetime, **options: Any) -> str:
    """Run job NAME once at ``now`` and return its summary line."""
    return job(name)(runtime, now=now, **options)
