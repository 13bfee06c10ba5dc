"""Erasure: a resident, their number and every row about them are deleted; counts come back.

Used for an erasure request (the erase keyword, ``feedback-bot residents erase``), for a
resident who declines consent or is under 18, and by retention for residents who never
consented. What goes: answers, responses, follow-up waves, Open Day registrations,
outbox rows, inbound message records, the conversation and the resident row (with the
encrypted number, its lookup hash and the pseudonym). A place the resident held at an
upcoming Open Day goes to the first on its waitlist, who is told. Summaries already sent
are not recalled; the audit log keeps counts, never who.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from feedback_bot.errors import UserError
from feedback_bot.models import (
    Answer,
    Conversation,
    Followup,
    OutboxMessage,
    ReceivedMessage,
    Registration,
    Resident,
    Response,
)
from feedback_bot.phones import to_e164
from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.open_days import registrations as open_days


@dataclass
class ErasureCounts:
    residents: int = 0
    answers: int = 0
    responses: int = 0
    followups: int = 0
    registrations: int = 0
    places_passed_on: int = 0
    outbox: int = 0
    messages: int = 0
    conversations: int = 0

    def add(self, other: ErasureCounts) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        """One line of counts, e.g. for the command line (no number, no id)."""
        return (
            f"{self.residents} resident(s), {self.answers} answer(s), "
            f"{self.responses} response(s), {self.followups} follow-up wave(s), "
            f"{self.registrations} Open Day registration(s) ({self.places_passed_on} place(s) "
            f"passed to the waitlist), {self.outbox} outgoing and {self.messages} incoming "
            f"message record(s), {self.conversations} conversation(s)"
        )


def erase_residents(
    session: Session, runtime, resident_ids: Sequence[int], *, now: dt.datetime
) -> ErasureCounts:
    """Delete these residents and everything about them, in the caller's transaction."""
    counts = ErasureCounts()
    ids = sorted(set(resident_ids))
    if not ids:
        return counts
    held_days = sorted(
        set(
            session.scalars(
                select(Registration.open_day_id).where(
                    Registration.resident_id.in_(ids), Registration.status == "registered"
                )
            )
        )
    )
    # Places are counted under the Open Day's lock, taken before the places are freed.
    days = [open_days.lock_open_day(session, day_id) for day_id in held_days]
    responses = select(Response.id).where(Response.resident_id.in_(ids))
    counts.answers = _delete(session, delete(Answer).where(Answer.response_id.in_(responses)))
    counts.followups = _delete(session, delete(Followup).where(Followup.resident_id.in_(ids)))
    counts.responses = _delete(session, delete(Response).where(Response.resident_id.in_(ids)))
    counts.registrations = _delete(
        session, delete(Registration).where(Registration.resident_id.in_(ids))
    )
    counts.outbox = _delete(
        session, delete(OutboxMessage).where(OutboxMessage.resident_id.in_(ids))
    )
    counts.messages = _delete(
        session, delete(ReceivedMessage).where(ReceivedMessage.resident_id.in_(ids))
    )
    counts.conversations = _delete(
        session, delete(Conversation).where(Conversation.resident_id.in_(ids))
    )
    counts.residents = _delete(session, delete(Resident).where(Resident.id.in_(ids)))
    for day in days:
        if day is not None and day.cancelled_at is None and day.starts_at > now:
            while open_days.promote_next(session, runtime, day, now=now) is not None:
                counts.places_passed_on += 1
    return counts


def _delete(session: Session, statement) -> int:
    return session.execute(statement).rowcount or 0


def erase_by_phone(
    runtime: Runtime, phone: str, *, actor: audit.Actor, now: dt.datetime
) -> ErasureCounts:
    """Erase the resident with this number, however it is written; none is not an error."""
    e164 = to_e164(phone)
    if e164 is None:
        raise UserError(
            "That is not a phone number; write it as on the phone, e.g. 0770 123 4567 or "
            "+964 770 123 4567."
        )
    lookup = runtime.vault.lookup_hash(e164)
    with runtime.transaction() as session:
        # Locks the resident (PostgreSQL) so a message arriving now waits for the erasure.
        resident_id = session.scalar(
            select(Resident.id).where(Resident.phone_lookup == lookup).with_for_update()
        )
        ids = [resident_id] if resident_id is not None else []
        counts = erase_residents(session, runtime, ids, now=now)
        audit.record(
            session, actor, "resident.erase", details={"counts": counts.as_dict()}, now=now
        )
    return counts
