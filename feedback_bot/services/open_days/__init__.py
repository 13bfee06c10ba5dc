"""Open Days: registration by message, the operators' calendar and the door on the day.

Use cases (each takes the runtime and owns its transaction):

- ``create_open_day``, ``list_open_days``, ``cancel_open_day``: the operators' side (counts only,
  never who registered); cancelling tells everyone registered or waitlisted;
- ``mark_attended``: the holder of a registration code came (the post-event poll follows);
- ``station_open_days``, ``attend``: the dashboard's list and its attendance form.

Inside: ``registrations`` (places, waitlist, codes, under a row lock), ``messages`` (what
residents are told), ``admin`` and ``door``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.open_days import admin, registrations
from feedback_bot.services.open_days.admin import MAX_TITLE_LENGTH, OpenDayListing
from feedback_bot.services.open_days.door import (
    AttendanceOutcome,
    OpenDayRow,
    attend,
    station_open_days,
)

__all__ = [
    "MAX_TITLE_LENGTH",
    "AttendanceOutcome",
    "Attended",
    "OpenDayListing",
    "OpenDayRow",
    "attend",
    "cancel_open_day",
    "create_open_day",
    "list_open_days",
    "mark_attended",
    "station_open_days",
]


@dataclass(frozen=True)
class Attended:
    open_day_id: int
    code: str


def create_open_day(
    runtime: Runtime,
    *,
    station_code: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    titles: Mapping[str, str | None],
    now: dt.datetime,
) -> int:
    """Create an Open Day; returns its id (a ``UserError`` says what is wrong)."""
    with runtime.transaction() as session:
        open_day = admin.create_open_day(
            session,
            station_code=station_code,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            titles=titles,
            now=now,
        )
        return open_day.id


def list_open_days(runtime: Runtime, *, station_code: str | None = None) -> list[OpenDayListing]:
    """Every Open Day (of one station if given) by start, with its registration counts."""
    with runtime.transaction() as session:
        return admin.list_open_days(session, station_code=station_code)


def cancel_open_day(runtime: Runtime, open_day_id: int, *, now: dt.datetime) -> int:
    """Cancel an Open Day; returns how many registrants will be told."""
    with runtime.transaction() as session:
        return admin.cancel_open_day(session, runtime, open_day_id, now=now)


def mark_attended(
    runtime: Runtime, code: str, *, now: dt.datetime, actor: audit.Actor | None = None
) -> Attended:
    """Record that the holder of CODE (any case) came; marking twice is harmless."""
    with runtime.transaction() as session:
        registration = registrations.mark_attended(session, code, now=now)
        if actor is not None:
            details = {"open_day": registration.open_day_id}
            audit.record(session, actor, "attendance.mark", details=details)
        return Attended(registration.open_day_id, registration.code)
