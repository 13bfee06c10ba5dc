"""The ``digests`` job: last week's summary to every station commander, through the outbox."""

from __future__ import annotations

import datetime as dt

from feedback_bot.runtime import Runtime
from feedback_bot.services.scheduled import queue_weekly_digests


def run(runtime: Runtime, *, now: dt.datetime) -> str:
    """Queue the weekly digests and say what happened in one line (no phone numbers)."""
    result = queue_weekly_digests(runtime, now=now)
    week = f" for the week of {result.week_start}" if result.week_start else ""
    line = (
        f"digests{week}: {result.queued} queued, {result.already_queued} already queued, "
        f"{result.without_phone} commanders without a phone"
    )
    if result.failed:
        line += f", {result.failed} failed (see the log)"
    return line
