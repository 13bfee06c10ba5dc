"""The ``reminders`` job: see ``feedback_bot.services.scheduled.reminders`` for what it does."""

from __future__ import annotations

import datetime as dt

from feedback_bot.runtime import Runtime
from feedback_bot.services import scheduled


def run(runtime: Runtime, *, now: dt.datetime) -> str:
    """Run the reminders once at ``now``; a one-line summary without personal data."""
    return scheduled.run_reminders(runtime, now=now)
