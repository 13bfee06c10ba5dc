"""Reminders (the ``reminders`` job): Open Day messages that fall due by the calendar.

Both kinds go from 10:00 local time (``TIMEZONE``), so nobody is woken by an
Open Day message even when quiet hours are off:

- the reminder, on the local day before an Open Day, to each resident holding a
  place (``registered``; never the waitlist or a cancelled registration),
  exactly once (``registrations.reminded_at``, outbox key ``reminder:<id>``);
- the post-event ``open_day`` poll, on the local day after attendance was
  marked, only to attendees, exactly once (``registrations.poll_sent_at``,
  outbox key ``od_poll:<id>``). A poll not sent within three days (the worker
  was down) is dropped: answers about a day long past are not worth asking.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_bot.models import OpenDay, Registration, Resident
from feedback_bot.runtime import Runtime
from feedback_bot.services.inbound.conversations import open_open_day_poll
from feedback_bot.services.open_days import messages
from feedback_bot.services.outbox.dispatcher import enqueue_for_resident

log = logging.getLogger(__name__)
SEND_FROM = dt.time(10, 0)
POLL_STALE_AFTER = dt.timedelta(days=3)


def run_reminders(runtime: Runtime, *, now: dt.datetime) -> str:
    """Queue due reminders and post-event polls; returns a one-line summary."""
    zone = ZoneInfo(runtime.config["TIMEZONE"])
    local_now = now.astimezone(zone)
    if local_now.time() < SEND_FROM:
        return f"reminders: nothing before {SEND_FROM:%H:%M} local time"
    today = dt.datetime.combine(local_now.date(), dt.time(0, 0), zone).astimezone(dt.UTC)
    failed = 0
    reminded, errors = _each(runtime, _due_reminders(runtime, today), _remind, now=now)
    failed += errors
    polled, errors = _each(runtime, _due_polls(runtime, today), _poll, now=now)
    failed += errors
    line = f"reminders: {reminded} Open Day reminders, {polled} post-event polls queued"
    return line + (f", {failed} failed (see the log)" if failed else "")


def _due_reminders(runtime, today: dt.datetime) -> list[int]:
    """Registrations holding a place at an Open Day that starts tomorrow (local), not yet reminded."""
    tomorrow = _next_local_midnight(today, runtime)
    day_after = _next_local_midnight(tomorrow, runtime)
    with runtime.transaction() as session:
        return list(
            session.scalars(
                select(Registration.id)
                .join(OpenDay, OpenDay.id == Registration.open_day_id)
                .join(Resident, Resident.id == Registration.resident_id)
                .where(
                    OpenDay.cancelled_at.is_(None),
                    OpenDay.starts_at >= tomorrow,
                    OpenDay.starts_at < day_after,
                    Registration.status == "registered",
                    Registration.reminded_at.is_(None),
                    Resident.opted_out.is_(False),
                )
                .order_by(Registration.id)
            )
        )


def _due_polls(runtime, today: dt.datetime) -> list[int]:
    """Attendances marked before today (local), within the last few days, not yet polled."""
    with runtime.transaction() as session:
        return list(
            session.scalars(
                select(Registration.id)
                .join(Resident, Resident.id == Registration.resident_id)
                .where(
                    Registration.status == "attended",
                    Registration.attended_at < today,
                    Registration.attended_at >= today - POLL_STALE_AFTER,
                    Registration.poll_sent_at.is_(None),
                    Resident.opted_out.is_(False),
                    Resident.consented_at.is_not(None),
                )
                .order_by(Registration.id)
            )
        )


def _next_local_midnight(moment: dt.datetime, runtime) -> dt.datetime:
    zone = ZoneInfo(runtime.config["TIMEZONE"])
    local_date = moment.astimezone(zone).date() + dt.timedelta(days=1)
    return dt.datetime.combine(local_date, dt.time(0, 0), zone).astimezone(dt.UTC)


def _each(runtime, ids: list[int], handle, *, now: dt.datetime) -> tuple[int, int]:
    """Handle each registration in its own transaction; returns (done, failed)."""
    done = failed = 0
    for registration_id in ids:
        try:
            with runtime.transaction() as session:
                registration = session.scalar(
                    select(Registration)
                    .where(Registration.id == registration_id)
                    .with_for_update(skip_locked=True)
                )
                if registration is not None and handle(session, runtime, registration, now=now):
                    done += 1
        except Exception:
            log.exception("registration %s: Open Day message could not be queued", registration_id)
            failed += 1
    return done, failed


def _remind(session: Session, runtime, registration: Registration, *, now: dt.datetime) -> bool:
    if registration.status != "registered" or registration.reminded_at is not None:
        return False
    open_day = session.get(OpenDay, registration.open_day_id)
    registration.reminded_at = now
    messages.tell(
        session,
        runtime,
        registration,
        open_day,
        kind="open_day_reminder",
        key=f"reminder:{registration.id}",
        now=now,
    )
    return True


def _poll(session: Session, runtime, registration: Registration, *, now: dt.datetime) -> bool:
    if registration.status != "attended" or registration.poll_sent_at is not None:
        return False
    open_day = session.get(OpenDay, registration.open_day_id)
    resident = session.get(Resident, registration.resident_id)
    registration.poll_sent_at = now
    text = open_open_day_poll(session, runtime, resident, open_day, now=now)
    facts = messages.facts(session, runtime, open_day, registration, resident.language)
    enqueue_for_resident(
        session,
        resident,
        key=f"od_poll:{registration.id}",
        kind="open_day_poll",
        body=text,
        template_name="OPEN_DAY_POLL",
        template_variables={"1": facts["title"], "2": facts["station"]},
        now=now,
    )
    return True
