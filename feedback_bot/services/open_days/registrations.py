"""Open Days: registrations with a waitlist, cancellation with promotion, attendance by code.

Choices where the contract is silent, as an Open Day organiser in Basra would expect:

- A place is held by ``registered`` (and, once at the door, ``attended``)
  registrations; beyond capacity residents are ``waitlisted`` in the order they
  asked. A freed place goes to the first waitlisted resident at once, and they
  are told by message (template OPEN_DAY_PROMOTED) with their code. Nobody is
  promoted once the Open Day has started.
- Registering again for the same Open Day returns the same registration (and
  code); after a cancellation it re-activates it at the back of the queue.
- Attendance can be marked from 12 hours before the start (doors open early,
  organisers mark the list afterwards); a waitlisted resident who turns up is
  marked too, because the organiser let them in.
- Titles are at most 40 characters so every message about the Open Day stays
  within two SMS segments; a missing title reads "Open Day" in that language.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from feedback_bot.errors import UserError
from feedback_bot.models import OpenDay, Registration, Resident
from feedback_bot.services.open_days import messages

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
HOLDING = ("registered", "attended")  # statuses that take a place
ACTIVE = ("registered", "waitlisted")  # statuses that are still waiting for the day
ATTENDANCE_OPENS_BEFORE = dt.timedelta(hours=12)


class OpenDayClosed(UserError):
    """The Open Day was cancelled or has started: it takes no more registrations."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed as a code, as stored: Latin capitals without spaces or dashes."""
    return re.sub(r"[\s\-]", "", text).upper()


def upcoming_open_days(session: Session, station_id: int, *, now: dt.datetime) -> list[OpenDay]:
    """Open Days at the station that are not cancelled and have not started, soonest first."""
    return list(
        session.scalars(
            select(OpenDay)
            .where(
                OpenDay.station_id == station_id,
                OpenDay.cancelled_at.is_(None),
                OpenDay.starts_at > now,
            )
            .order_by(OpenDay.starts_at, OpenDay.id)
        )
    )


def current_registration(
    session: Session, resident_id: int, *, now: dt.datetime
) -> Registration | None:
    """The resident's place or waitlist entry for an Open Day that has not ended, if any."""
    return session.scalar(
        select(Registration)
        .join(OpenDay, OpenDay.id == Registration.open_day_id)
        .where(
            Registration.resident_id == resident_id,
            Registration.status.in_(ACTIVE),
            OpenDay.cancelled_at.is_(None),
            OpenDay.ends_at > now,
        )
        .order_by(OpenDay.starts_at, Registration.id)
        .limit(1)
    )


def lock_open_day(session: Session, open_day_id: int) -> OpenDay | None:
    """Load the Open Day with a row lock (PostgreSQL), so places are counted one at a time."""
    return session.scalar(
        select(OpenDay)
        .where(OpenDay.id == open_day_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def places_taken(session: Session, open_day_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(Registration.open_day_id == open_day_id, Registration.status.in_(HOLDING))
    )


def register(
    session: Session, runtime, resident: Resident, open_day: OpenDay, *, now: dt.datetime
) -> Registration:
    """A place while capacity allows, else a waitlist entry; the same resident gets the same one."""
    locked = lock_open_day(session, open_day.id)
    if locked is None:
        raise OpenDayClosed("This Open Day no longer exists.")
    existing = session.scalar(
        select(Registration).where(
            Registration.open_day_id == locked.id, Registration.resident_id == resident.id
        )
    )
    if existing is not None and existing.status != "cancelled":
        return existing
    if locked.cancelled_at is not None or locked.starts_at <= now:
        raise OpenDayClosed("This Open Day is no longer taking registrations.")
    status = "registered" if places_taken(session, locked.id) < locked.capacity else "waitlisted"
    if existing is not None:
        existing.status = status
        existing.queued_at = now
        existing.cancelled_at = None
        existing.promoted_at = None
        session.flush()
        return existing
    return _insert_with_unique_code(session, locked.id, resident.id, status, now=now)


def _insert_with_unique_code(
    session: Session, open_day_id: int, resident_id: int, status: str, *, now: dt.datetime
) -> Registration:
    for _ in range(20):
        code = new_code()
        if session.scalar(select(Registration.id).where(Registration.code == code)) is not None:
            continue
        registration = Registration(
            open_day_id=open_day_id,
            resident_id=resident_id,
            code=code,
            status=status,
            created_at=now,
            queued_at=now,
        )
        try:
            # Another transaction may take the same code between our check and insert.
            with session.begin_nested():
                session.add(registration)
        except IntegrityError:
            continue
        return registration
    raise RuntimeError("could not find a free registration code after 20 attempts")


def cancel_registration(
    session: Session, runtime, registration: Registration, *, now: dt.datetime
) -> Registration | None:
    """Give up a place or waitlist entry; returns the waitlisted registration promoted, if any."""
    if registration.status not in ACTIVE:
        return None
    open_day = lock_open_day(session, registration.open_day_id)
    session.refresh(registration)
    if registration.status not in ACTIVE:
        return None
    freed_place = registration.status == "registered"
    registration.status = "cancelled"
    registration.cancelled_at = now
    session.flush()
    if not freed_place or open_day.cancelled_at is not None or open_day.starts_at <= now:
        return None
    return promote_next(session, runtime, open_day, now=now)


def promote_next(
    session: Session, runtime, open_day: OpenDay, *, now: dt.datetime
) -> Registration | None:
    """Give a free place to the first waitlisted resident and tell them (OPEN_DAY_PROMOTED)."""
    if places_taken(session, open_day.id) >= open_day.capacity:
        return None
    promoted = session.scalar(
        select(Registration)
        .where(Registration.open_day_id == open_day.id, Registration.status == "waitlisted")
        .order_by(Registration.queued_at, Registration.id)
        .limit(1)
    )
    if promoted is None:
        return None
    promoted.status = "registered"
    promoted.promoted_at = now
    session.flush()
    messages.tell(
        session,
        runtime,
        promoted,
        open_day,
        kind="open_day_promoted",
        key=f"od_promoted:{promoted.id}:{int(now.timestamp())}",
        now=now,
    )
    return promoted


def mark_attended(session: Session, code: str, *, now: dt.datetime) -> Registration:
    """Record that the holder of CODE came; the post-event poll follows the day after."""
    normalised = normalise_code(code)
    registration = session.scalar(select(Registration).where(Registration.code == normalised))
    if registration is None:
        raise UserError(f"No registration has the code {normalised}.")
    if registration.status == "cancelled":
        raise UserError(
            f"Registration {normalised} was cancelled, so it cannot be marked attended."
        )
    if registration.status == "attended":
        return registration
    open_day = session.get(OpenDay, registration.open_day_id)
    if now < open_day.starts_at - ATTENDANCE_OPENS_BEFORE:
        raise UserError(f"The Open Day of registration {normalised} has not started yet.")
    registration.status = "attended"
    registration.attended_at = now
    session.flush()
    return registration
