"""The dashboard's Open Days: a station's recent and coming days with their registration
counts, and attendance marking by code (through ``services.open_days.mark_attended``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_bot.errors import UserError
from feedback_bot.models import OpenDay, Registration, Station
from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.open_days.registrations import (
    ATTENDANCE_OPENS_BEFORE,
    mark_attended,
    normalise_code,
)

RECENT = dt.timedelta(days=30)


@dataclass(frozen=True)
class OpenDayRow:
    id: int
    title: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    cancelled: bool
    registered: int
    waitlisted: int
    attended: int
    cancelled_registrations: int


def station_open_days(
    runtime: Runtime, station_code: str, *, now: dt.datetime, language: str
) -> list[OpenDayRow]:
    """Open Days of the last 30 days and to come, soonest first, with counts by status."""
    with runtime.transaction() as session:
        days = list(
            session.scalars(
                select(OpenDay)
                .join(Station, Station.id == OpenDay.station_id)
                .where(Station.code == station_code, OpenDay.ends_at > now - RECENT)
                .order_by(OpenDay.starts_at, OpenDay.id)
            )
        )
        counts: dict[tuple[int, str], int] = {
            (day_id, status): number
            for day_id, status, number in session.execute(
                select(Registration.open_day_id, Registration.status, func.count())
                .where(Registration.open_day_id.in_([d.id for d in days]))
                .group_by(Registration.open_day_id, Registration.status)
            )
        }
    return [
        OpenDayRow(
            id=day.id,
            title=getattr(day, f"title_{language}", None) or day.title_en,
            starts_at=day.starts_at,
            ends_at=day.ends_at,
            capacity=day.capacity,
            cancelled=day.cancelled_at is not None,
            registered=counts.get((day.id, "registered"), 0),
            waitlisted=counts.get((day.id, "waitlisted"), 0),
            attended=counts.get((day.id, "attended"), 0),
            cancelled_registrations=counts.get((day.id, "cancelled"), 0),
        )
        for day in days
    ]


@dataclass(frozen=True)
class AttendanceOutcome:
    """What happened to a code typed at the door: ``marked``, ``already``, ``not_found``,
    ``cancelled``, ``too_early`` or ``refused``."""

    outcome: str
    code: str


def attend(
    runtime: Runtime,
    station_code: str,
    code: str,
    *,
    now: dt.datetime,
    actor: audit.Actor | None = None,
) -> AttendanceOutcome:
    """Mark attendance for a code, only if it belongs to an Open Day of this station."""
    normalised = normalise_code(code or "")
    with runtime.transaction() as session:
        row = session.execute(
            select(Registration, OpenDay)
            .join(OpenDay, OpenDay.id == Registration.open_day_id)
            .join(Station, Station.id == OpenDay.station_id)
            .where(Registration.code == normalised, Station.code == station_code)
        ).first()
        if not normalised or row is None:
            return AttendanceOutcome("not_found", normalised)
        registration, open_day = row
        if registration.status == "attended":
            return AttendanceOutcome("already", normalised)
        if registration.status == "cancelled":
            return AttendanceOutcome("cancelled", normalised)
        if now < open_day.starts_at - ATTENDANCE_OPENS_BEFORE:
            return AttendanceOutcome("too_early", normalised)
        try:
            mark_attended(session, normalised, now=now)
        except UserError:
            return AttendanceOutcome("refused", normalised)
        if actor is not None:
            details = {"station": station_code, "open_day": open_day.id}
            audit.record(session, actor, "attendance.mark", details=details, now=now)
    return AttendanceOutcome("marked", normalised)
