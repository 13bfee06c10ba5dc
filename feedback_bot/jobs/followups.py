"""The ``followups`` job: see ``feedback_bot.services.scheduled.followups`` for what it does."""

from __future__ import annotations

import datetime as dt

from feedback_bot.runtime import Runtime
from feedback_bot.services import scheduled


def run(runtime: Runtime, *, now: dt.datetime) -> str:
    """Run the followups once at ``now``; a one-line summary without personal data."""
    return scheduled.run_followups(runtime, now=now)
