"""Follow-up waves: a completed ``trust`` poll is wave 1; waves 2, 3, … fall due later.

Due dates live in ``followups`` rows (one per resident and wave), never as one
scheduler job per resident. A row moves

    scheduled -> invited -> accepted -> completed
                    |           |
                    +-----------+--> declined | missed
    scheduled -> skipped (opted out, no consent or no station when it fell due)

Choices where the contract is silent:

- An invitation stays open ``WAVE_OPEN_DAYS`` (default 7) days; an unanswered
  one is then closed as ``missed``. A resident who said "yes" keeps one more day
  (the conversation's own 24-hour expiry) to finish before the wave is missed.
- A late completion still counts: ``mark_wave_completed`` accepts a wave that was
  just closed as missed, because the answers are real.
- A resident is invited to one wave at a time: when several waves of the same
  resident are overdue at once (the worker was down, or FOLLOWUP_DAYS changed),
  the latest is invited and the older ones are closed as missed (note
  ``superseded``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from feedback_bot.conversation import SILENCE
from feedback_bot.models import Followup, Resident
from feedback_bot.models.residents import NO_NUMBER

# No use case of its own: the follow-up job (``scheduled.run_followups``) and the
# conversation (``inbound``) call these helpers inside their own transactions.
__all__: list[str] = []

log = logging.getLogger(__name__)

OPEN_STATUSES = ("invited", "accepted")
# After "yes", the resident has the conversation's own expiry to finish the poll.


def schedule_followups(session: Session, runtime, resident: Resident, *, completed_at) -> None:
    """Create the wave 2, 3, … rows due FOLLOWUP_DAYS after wave 1; running it twice adds nothing."""
    days: Sequence[int] = runtime.config["FOLLOWUP_DAYS"]
    existing = set(
        session.scalars(select(Followup.wave).where(Followup.resident_id == resident.id))
    )
    for wave, offset in enumerate(days, start=2):
        if wave in existing:
            continue
        row = Followup(
            resident_id=resident.id,
            wave=wave,
            due_at=completed_at + dt.timedelta(days=offset),
            status="scheduled",
        )
        try:
            # A concurrent completion may have inserted the same wave: keep theirs.
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            log.info("followup wave %s already scheduled for resident %s", wave, resident.id)


def open_followup(session: Session, followup_id: int) -> Followup | None:
    """The wave if its invitation still applies (invited or accepted), else None."""
    followup = session.get(Followup, followup_id)
    if followup is None or followup.status not in OPEN_STATUSES:
        return None
    return followup


def mark_wave_accepted(session: Session, followup_id: int, *, now: dt.datetime) -> Followup | None:
    """The resident said yes: the wave's poll is under way. None if the invitation has closed."""
    followup = open_followup(session, followup_id)
    if followup is not None:
        followup.status = "accepted"
    return followup


def mark_wave_completed(
    session: Session, followup_id: int, response_id: int, *, now: dt.datetime
) -> Followup | None:
    """The wave's poll is complete; a wave closed as missed moments ago still counts."""
    followup = session.get(Followup, followup_id)
    if followup is None or followup.status not in (*OPEN_STATUSES, "missed"):
        return None
    followup.status = "completed"
    followup.response_id = response_id
    followup.note = None
    return followup


def mark_wave_declined(session: Session, followup_id: int, *, now: dt.datetime) -> Followup | None:
    """The resident answered "not now": this wave is over for them (later waves still come)."""
    followup = open_followup(session, followup_id)
    if followup is not None:
        followup.status = "declined"
        followup.closes_at = now
    return followup


def close_expired(session: Session, *, now: dt.datetime) -> int:
    """Close invitations nobody finished in time as ``missed``; returns how many."""
    rows = session.scalars(
        select(Followup)
        .where(Followup.status.in_(OPEN_STATUSES), Followup.closes_at <= now)
        .order_by(Followup.id)
    ).all()
    closed = 0
    for followup in rows:
        if followup.status == "accepted" and followup.closes_at + SILENCE > now:
            continue
        followup.note = "no_answer" if followup.status == "invited" else "unfinished"
        followup.status = "missed"
        closed += 1
    return closed


def due_followup_ids(
    session: Session, *, now: dt.datetime, after_id: int = 0, limit: int = 500
) -> list[int]:
    """Ids of scheduled waves whose due time has come, in id order after ``after_id``."""
    return list(
        session.scalars(
            select(Followup.id)
            .where(Followup.status == "scheduled", Followup.due_at <= now, Followup.id > after_id)
            .order_by(Followup.id)
            .limit(limit)
        )
    )


def lock_due_followup(session: Session, followup_id: int, *, now: dt.datetime) -> Followup | None:
    """Claim one due wave for this transaction (PostgreSQL: a row lock other workers skip)."""
    statement = (
        select(Followup)
        .where(
            Followup.id == followup_id,
            Followup.status == "scheduled",
            Followup.due_at <= now,
        )
        .with_for_update(skip_locked=True)
    )
    return session.scalar(statement)


def reason_not_to_invite(resident: Resident) -> str | None:
    """Why this resident must not be invited (a short note), or None when they may be."""
    if resident.opted_out:
        return "opted_out"
    if resident.consented_at is None:
        return "no_consent"
    if resident.station_id is None:
        return "no_station"
    if resident.language is None:
        return "no_language"
    if resident.phone_encrypted == NO_NUMBER:
        return "no_number"  # deleted by retention (RETENTION_CONTACT_DAYS)
    return None


def superseded_by_later_wave(session: Session, followup: Followup, *, now: dt.datetime) -> bool:
    """Whether a later wave of the same resident is also due: invite that one instead."""
    later = session.scalar(
        select(Followup.id).where(
            Followup.resident_id == followup.resident_id,
            Followup.wave > followup.wave,
            Followup.status == "scheduled",
            Followup.due_at <= now,
        )
    )
    return later is not None


def has_open_wave(session: Session, resident_id: int) -> bool:
    """Whether an earlier invitation of this resident is still open."""
    found = session.scalar(
        select(Followup.id).where(
            Followup.resident_id == resident_id, Followup.status.in_(OPEN_STATUSES)
        )
    )
    return found is not None


def mark_invited(followup: Followup, *, now: dt.datetime, open_days: int) -> None:
    """The invitation goes out now and stays open ``open_days`` days."""
    followup.status = "invited"
    followup.invited_at = now
    followup.closes_at = now + dt.timedelta(days=open_days)
