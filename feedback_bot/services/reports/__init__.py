"""Reports: the weekly summary of a station, and how its shares are shown.

Use cases (each takes the runtime and owns its transaction):

- ``weekly_summary``: the summary JSON of DESIGN for one station and week, suppression applied;
- ``percent``, ``shown``: the one rounding and the one rule for which cells are drawn.

Inside: ``summary`` assembles the JSON, ``queries`` reads the answers, and the disclosure
rules live in ``feedback_bot.stats``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from feedback_bot.runtime import Runtime
from feedback_bot.services.reports import summary
from feedback_bot.services.reports.shares import percent, shown

__all__ = ["percent", "shown", "weekly_summary"]


def weekly_summary(
    runtime: Runtime, station_code: str, week_date: dt.date, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The summary of the week containing ``week_date`` (a ``UserError`` for a bad code or week)."""
    with runtime.transaction() as session:
        return summary.weekly_summary(session, runtime, station_code, week_date, now=now)
