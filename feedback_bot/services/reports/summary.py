"""The weekly summary of one station: one computation that the CLI, API, digest and pages render.

The summary dict (DESIGN.md "Reporting", plus the keys marked +):

- ``station``, ``period_start``, ``period_end``: the local week (``WEEK_START``, ``TIMEZONE``)
  containing the requested date, ISO 8601 with offset; ``period_end`` is exclusive (the
  start of the next week);
- + ``complete``: false while the week has not ended; its indicator cells are then withheld
  (suppressed), because reading the same week twice would reveal the answers in between;
- ``counts``: ``started`` (trust responses begun in the week, by ``started_at``),
  ``completed`` (by ``completed_at``), ``respondents`` (distinct residents among them),
  ``new_residents`` (residents of the station who consented in the week),
  ``open_day_registrations`` (registrations made in the week for the station's Open Days,
  whatever became of them) and ``open_day_attendance`` (attendance marked in the week);
- ``indicators`` and ``by_gender``: CELLs for the week (see ``services.reports.queries``
  for which answers count and ``feedback_bot.stats`` for the disclosure rules);
- + ``rolling_4w``: CELLs over this week and the three before;
- + ``change_vs_previous_4w``: rolling 4 weeks against the 4 weeks before them
  (difference of shares with Newcombe's interval, and the earlier CELL);
- ``trend``: the last 12 weeks, oldest first: ``week_start``, ``indicators``, ``rolling_4w``;
- ``panel``: respondents whose later wave (2, 3, …) was completed in the rolling 4-week
  window, each compared with their wave 1 at this station: ``n``, ``up``, ``down``,
  ``same`` (moved to, away from, or kept a positive answer) and McNemar's exact p.
  A window rather than a running total, so consecutive summaries cannot be subtracted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from feedback_bot.config import WEEKDAYS
from feedback_bot.db import utcnow
from feedback_bot.errors import UserError
from feedback_bot.runtime import Runtime
from feedback_bot.services.reports import queries as report_queries
from feedback_bot.services.stations import find_by_code
from feedback_bot.stats import (
    GENDER_CODES,
    INDICATORS,
    MIN_CELL,
    ROLLING_WEEKS,
    PanelCounts,
    Tally,
    cell,
    change,
    gender_cells,
    panel_cell,
    rolling_cells,
    window_publishable,
)

TREND_WEEKS = 12
# Weeks read: the trend, plus the weeks before it that its first rolling cell needs.
WEEKS_READ = TREND_WEEKS + ROLLING_WEEKS - 1
CURRENT = WEEKS_READ - 1  # index of the requested week
FIRST_YEAR, LAST_YEAR = 2000, 2100


def week_start_date(day: dt.date, week_start: str) -> dt.date:
    """The first day (``week_start``, e.g. "sunday") of the week containing ``day``."""
    first = WEEKDAYS.index(week_start)
    return day - dt.timedelta(days=(day.weekday() - first) % 7)


def week_bounds(
    week_date: dt.date, *, week_start: str, timezone: str, weeks: int = 1
) -> list[dt.datetime]:
    """Local midnights starting ``weeks`` consecutive weeks, the last being ``week_date``'s,
    plus the end of that week: ``weeks + 1`` aware local datetimes."""
    zone = ZoneInfo(timezone)
    last = week_start_date(week_date, week_start)
    days = [last - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks + 1)]
    return [dt.datetime.combine(day, dt.time(0), tzinfo=zone) for day in days]


def weekly_summary(
    session: Session,
    runtime: Runtime,
    station_code: str,
    week_date: dt.date,
    *,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The summary of the week containing ``week_date`` at the station (see module doc)."""
    station = find_by_code(session, station_code or "")
    if station is None:
        raise UserError(f"There is no station with code {station_code}.")
    if not FIRST_YEAR <= week_date.year <= LAST_YEAR:
        raise UserError(f"The week must be a date between {FIRST_YEAR} and {LAST_YEAR}.")
    config = runtime.config
    local = week_bounds(
        week_date, week_start=config["WEEK_START"], timezone=config["TIMEZONE"], weeks=WEEKS_READ
    )
    bounds = [moment.astimezone(dt.UTC) for moment in local]
    start, end = bounds[CURRENT], bounds[CURRENT + 1]
    now = now or utcnow()
    complete = end <= now

    report_queries.tune_for_small_slices(session)
    tallies = report_queries.indicator_tallies(session, station.id, bounds)
    # A week that has not ended is read as empty: its figures appear once it is over.
    totals = [
        _complete(tallies.get(week, {}) if bounds[week + 1] <= now else {})
        for week in range(WEEKS_READ)
    ]
    weekly_cells = [{name: cell(week[name]) for name in INDICATORS} for week in totals]
    rolling = {name: rolling_cells([week[name] for week in totals]) for name in INDICATORS}

    def rolling_at(name: str, week: int) -> dict[str, Any]:
        # rolling[name][0] is the window ending at week ROLLING_WEEKS - 1.
        return rolling[name][week - (ROLLING_WEEKS - 1)]

    trend = [
        {
            "week_start": local[week].isoformat(),
            "indicators": weekly_cells[week],
            "rolling_4w": {name: rolling_at(name, week) for name in INDICATORS},
        }
        for week in range(WEEKS_READ - TREND_WEEKS, WEEKS_READ)
    ]
    window = CURRENT - ROLLING_WEEKS + 1  # first week of the rolling window
    panel = _panel(session, station.id, bounds[window:], complete)
    return {
        "station": station.code,
        "period_start": local[CURRENT].isoformat(),
        "period_end": local[CURRENT + 1].isoformat(),
        "timezone": config["TIMEZONE"],
        "complete": complete,
        "min_cell": MIN_CELL,
        "counts": report_queries.activity_counts(session, station.id, start, end),
        "indicators": weekly_cells[CURRENT],
        "rolling_4w": {name: rolling_at(name, CURRENT) for name in INDICATORS},
        "change_vs_previous_4w": {
            name: {
                **change(rolling_at(name, CURRENT), rolling_at(name, CURRENT - ROLLING_WEEKS)),
                "previous": rolling_at(name, CURRENT - ROLLING_WEEKS),
            }
            for name in INDICATORS
        },
        "by_gender": _by_gender(session, station.id, start, end, totals[CURRENT], complete),
        "trend": trend,
        "panel": {
            "period_start": local[window].isoformat(),
            "period_end": local[CURRENT + 1].isoformat(),
            "indicators": panel,
        },
    }


def _complete(tallies: dict[str, Tally]) -> dict[str, Tally]:
    return {name: tallies.get(name, Tally()) for name in INDICATORS}


def _by_gender(
    session: Session,
    station_id: int,
    start: dt.datetime,
    end: dt.datetime,
    total: dict[str, Tally],
    complete: bool,
) -> dict[str, dict[str, Any]]:
    week = report_queries.gender_tallies(session, station_id, start, end) if complete else {}
    result: dict[str, dict[str, Any]] = {"woman": {}, "man": {}}
    for name in INDICATORS:
        cells = gender_cells(
            total[name],
            week.get(GENDER_CODES["woman"], {}).get(name, Tally()),
            week.get(GENDER_CODES["man"], {}).get(name, Tally()),
        )
        result["woman"][name] = cells["woman"]
        result["man"][name] = cells["man"]
    return result


def _panel(
    session: Session, station_id: int, bounds: list[dt.datetime], complete: bool
) -> dict[str, dict[str, Any]]:
    if not complete:
        return {name: panel_cell(PanelCounts(), publish=False) for name in INDICATORS}
    weekly = report_queries.panel_counts(session, station_id, bounds)
    result = {}
    for name in INDICATORS:
        weeks = [weekly.get(i, {}).get(name, PanelCounts()) for i in range(ROLLING_WEEKS)]
        total = sum(weeks, PanelCounts())
        result[name] = panel_cell(total, publish=window_publishable([w.n for w in weeks]))
    return result
