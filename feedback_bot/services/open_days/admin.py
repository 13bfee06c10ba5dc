"""Operators' side of Open Days: create, list with registration counts, cancel (telling registrants).

What the organisers and commanders see of registrations is counts per Open Day
(places taken, waitlist, attendance), never who registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback_bot.errors import UserError
from feedback_bot.i18n import LANGUAGES
from feedback_bot.models import OpenDay, Registration, Station
from feedback_bot.services.open_days import messages
from feedback_bot.services.open_days.registrations import ACTIVE, lock_open_day
from feedback_bot.services.stations import find_by_code

MAX_TITLE_LENGTH = 40


@dataclass(frozen=True)
class OpenDayListing:
    open_day: OpenDay
    station_code: str
    registered: int
    waitlisted: int
    attended: int

    def state(self, now: dt.datetime) -> str:
        if self.open_day.cancelled_at is not None:
            return "cancelled"
        if self.open_day.ends_at <= now:
            return "ended"
        return "under way" if self.open_day.starts_at <= now else "upcoming"


def station_by_code(session: Session, code: str) -> Station:
    station = find_by_code(session, code)
    if station is None:
        raise UserError(f"No station has the code {code}.")
    return station


def create_open_day(
    session: Session,
    *,
    station_code: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    titles: Mapping[str, str | None],
    now: dt.datetime,
) -> OpenDay:
    """A new Open Day at the station; a mistake in the input raises UserError (one sentence)."""
    station = station_by_code(session, station_code)
    if ends_at <= starts_at:
        raise UserError("The Open Day must end after it starts.")
    if starts_at <= now:
        raise UserError("The Open Day must start in the future.")
    if capacity < 1:
        raise UserError("Capacity must be at least 1.")
    clean: dict[str, str | None] = {}
    for language in LANGUAGES:
        value = (titles.get(language) or "").strip() or None
        if value is not None and len(value) > MAX_TITLE_LENGTH:
            raise UserError(
                f"The {language} title has {len(value)} characters; keep it to "
                f"{MAX_TITLE_LENGTH} so messages fit in two SMS."
            )
        clean[f"title_{language}"] = value
    open_day = OpenDay(
        station_id=station.id,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        created_at=now,
        **clean,
    )
    session.add(open_day)
    session.flush()
    return open_day


def list_open_days(session: Session, *, station_code: str | None = None) -> list[OpenDayListing]:
    """Every Open Day (of one station if given), by start, with its registration counts."""
    statement = select(OpenDay, Station.code).join(Station, Station.id == OpenDay.station_id)
    if station_code:
        statement = statement.where(OpenDay.station_id == station_by_code(session, station_code).id)
    rows = session.execute(statement.order_by(OpenDay.starts_at, OpenDay.id)).all()
    counts: dict[tuple[int, str], int] = {
        (open_day_id, status): n
        for open_day_id, status, n in session.execute(
            select(Registration.open_day_id, Registration.status, func.count()).group_by(
                Registration.open_day_id, Registration.status
            )
        )
    }
    return [
        OpenDayListing(
            open_day=open_day,
            station_code=code,
            registered=counts.get((open_day.id, "registered"), 0),
            waitlisted=counts.get((open_day.id, "waitlisted"), 0),
            attended=counts.get((open_day.id, "attended"), 0),
        )
        for open_day, code in rows
    ]


def cancel_open_day(session: Session, runtime, open_day_id: int, *, now: dt.datetime) -> int:
    """Cancel the Open Day and every place and waitlist entry; returns how many were told."""
    open_day = lock_open_day(session, open_day_id)
    if open_day is None:
        raise UserError(f"No Open Day has the id {open_day_id}.")
    if open_day.cancelled_at is not None:
        raise UserError(f"Open Day {open_day_id} is already cancelled.")
    if open_day.ends_at <= now:
        raise UserError(f"Open Day {open_day_id} has already ended.")
    open_day.cancelled_at = now
    registrations = session.scalars(
        select(Registration)
        .where(Registration.open_day_id == open_day.id, Registration.status.in_(ACTIVE))
        .order_by(Registration.id)
    ).all()
    for registration in registrations:
        registration.status = "cancelled"
        registration.cancelled_at = now
        messages.tell(
            session,
            runtime,
            registration,
            open_day,
            kind="open_day_cancelled",
            key=f"od_cancelled:{registration.id}",
            now=now,
        )
    session.flush()
    return len(registrations)
