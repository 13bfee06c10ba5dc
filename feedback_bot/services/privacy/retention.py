"""Retention: what the product keeps only for a while, deleted in short batches.

The three ``RETENTION_*`` keys (days):

- ``RETENTION_MESSAGE_DAYS``: inbound message records (MessageSid, the replies) older than
  this, and outbox rows that are finished (sent, delivered, failed, skipped…) and were last
  touched longer ago, are deleted. A MessageSid is a key into Twilio's own logs.
- ``RETENTION_COMMENT_DAYS``: the text of free-text answers older than this is cleared;
  the answer row (question, status, time) and every coded answer stay.
- ``RETENTION_CONTACT_DAYS``: a resident's encrypted number is deleted this long after
  their last message or their last due wave, whichever is later. Their answers stay under
  their pseudonym; the number is stored again if they ever write again.

Besides: residents who never consented are erased once their conversation has expired
(24 hours of silence), and failed sign-in records older than a day (the throttle looks at
minutes) are deleted.

Each batch is its own short transaction over at most ``batch_size`` rows picked by
primary key, so no lock is held for long and the webhooks keep answering; rows a webhook
has locked are skipped (PostgreSQL ``SKIP LOCKED``) and purged the next day. The audit log
gets one entry with the counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from feedback_bot.conversation import SILENCE
from feedback_bot.models import (
    Answer,
    Conversation,
    Followup,
    LoginAttempt,
    OutboxMessage,
    ReceivedMessage,
    Resident,
)
from feedback_bot.models.residents import NO_NUMBER
from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.privacy.erasure import erase_residents

BATCH_SIZE = 1_000
FINISHED = ("sent", "delivered", "read", "undelivered", "failed", "skipped")
LOGIN_ATTEMPTS_KEPT = dt.timedelta(days=1)


@dataclass
class PurgeCounts:
    messages: int = 0  # inbound message records
    outbox: int = 0  # finished outbound messages
    comments: int = 0  # free-text answers cleared
    numbers: int = 0  # residents' encrypted numbers deleted
    unconsented: int = 0  # residents who never consented, erased
    login_attempts: int = 0
    batches: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "batches"}

    def summary(self) -> str:
        return (
            f"purge: {self.messages} incoming and {self.outbox} outgoing message records "
            f"deleted, {self.comments} free-text answers cleared, {self.numbers} numbers "
            f"deleted, {self.unconsented} never-consented residents erased, "
            f"{self.login_attempts} old sign-in failures deleted, in {self.batches} batches"
        )


@dataclass(frozen=True)
class Cutoffs:
    messages: dt.datetime
    comments: dt.datetime
    contacts: dt.datetime
    silence: dt.datetime
    login_attempts: dt.datetime
    now: dt.datetime

    @classmethod
    def at(cls, config, now: dt.datetime) -> Cutoffs:
        def days(key: str) -> dt.datetime:
            return now - dt.timedelta(days=config[key])

        return cls(
            messages=days("RETENTION_MESSAGE_DAYS"),
            comments=days("RETENTION_COMMENT_DAYS"),
            contacts=days("RETENTION_CONTACT_DAYS"),
            silence=now - SILENCE,
            login_attempts=now - LOGIN_ATTEMPTS_KEPT,
            now=now,
        )


def purge(
    runtime: Runtime,
    *,
    now: dt.datetime,
    actor: audit.Actor = audit.WORKER,
    batch_size: int = BATCH_SIZE,
) -> PurgeCounts:
    """Apply every retention rule once, batch by batch; the counts (no one is named)."""
    cut = Cutoffs.at(runtime.config, now)
    counts = PurgeCounts()
    batches = _Batches(runtime, counts, batch_size)
    counts.unconsented = batches.run(
        _unconsented_ids(cut), lambda s, ids: _erase(s, runtime, ids, now), lock=True
    )
    counts.messages = batches.run(
        select(ReceivedMessage.id).where(ReceivedMessage.received_at < cut.messages),
        lambda s, ids: _delete(s, ReceivedMessage, ids),
    )
    counts.outbox = batches.run(
        select(OutboxMessage.id).where(
            OutboxMessage.status.in_(FINISHED), OutboxMessage.updated_at < cut.messages
        ),
        lambda s, ids: _delete(s, OutboxMessage, ids),
    )
    counts.comments = batches.run(
        select(Answer.id).where(Answer.answer_text.is_not(None), Answer.answered_at < cut.comments),
        _clear_comments,
    )
    counts.numbers = batches.run(
        _contact_expired_ids(cut), lambda s, ids: _delete_numbers(s, ids, cut), lock=True
    )
    counts.login_attempts = batches.run(
        select(LoginAttempt.id).where(LoginAttempt.attempted_at < cut.login_attempts),
        lambda s, ids: _delete(s, LoginAttempt, ids),
    )
    with runtime.transaction() as session:
        details = {"counts": counts.as_dict(), "batches": counts.batches}
        audit.record(session, actor, "retention.purge", details=details, now=now)
    return counts


class _Batches:
    """Runs one rule over the rows a query picks, ``size`` primary keys per transaction."""

    def __init__(self, runtime: Runtime, counts: PurgeCounts, size: int):
        self.runtime, self.counts, self.size = runtime, counts, size

    def run(self, picks, apply: Callable[[Session, list[int]], int], *, lock: bool = False) -> int:
        column = picks.selected_columns[0]
        done, after = 0, 0
        while True:
            with self.runtime.transaction() as session:
                statement = picks.where(column > after).order_by(column).limit(self.size)
                if lock:
                    statement = statement.with_for_update(skip_locked=True)
                ids = list(session.scalars(statement))
                if not ids:
                    return done
                done += apply(session, ids)
            self.counts.batches += 1
            after = ids[-1]
            if len(ids) < self.size:
                return done


def _delete(session: Session, model, ids: list[int]) -> int:
    return session.execute(delete(model).where(model.id.in_(ids))).rowcount or 0


def _erase(session: Session, runtime: Runtime, ids: list[int], now: dt.datetime) -> int:
    return erase_residents(session, runtime, ids, now=now).residents


def _unconsented_ids(cut: Cutoffs):
    """Residents who never consented, silent for a day, with no conversation still open."""
    open_conversation = exists().where(
        Conversation.resident_id == Resident.id, Conversation.expires_at > cut.now
    )
    return select(Resident.id).where(
        Resident.consented_at.is_(None),
        func.coalesce(Resident.last_inbound_at, Resident.created_at) <= cut.silence,
        ~open_conversation,
    )


def _clear_comments(session: Session, ids: list[int]) -> int:
    statement = (
        update(Answer)
        .where(Answer.id.in_(ids), Answer.answer_text.is_not(None))
        .values(answer_text=None)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount or 0


def _contact_conditions(cut: Cutoffs) -> list:
    later_wave = exists().where(
        Followup.resident_id == Resident.id, Followup.due_at >= cut.contacts
    )
    return [
        Resident.phone_encrypted != NO_NUMBER,
        func.coalesce(Resident.last_inbound_at, Resident.created_at) < cut.contacts,
        ~later_wave,
    ]


def _contact_expired_ids(cut: Cutoffs):
    """Residents whose last message and last due wave are both older than the contact cutoff."""
    return select(Resident.id).where(*_contact_conditions(cut))


def _delete_numbers(session: Session, ids: list[int], cut: Cutoffs) -> int:
    # The conditions again: a resident who wrote since the ids were picked keeps the number.
    deleted = session.execute(
        update(Resident)
        .where(Resident.id.in_(ids), *_contact_conditions(cut))
        .values(phone_encrypted=NO_NUMBER)
        .returning(Resident.id)
        .execution_options(synchronize_session=False)
    ).scalars()
    gone = list(deleted)
    if gone:
        # A message still queued for them carries a copy of the number: it goes too, and
        # what has not been sent is skipped.
        mine = OutboxMessage.resident_id.in_(gone)
        session.execute(
            update(OutboxMessage)
            .where(mine, OutboxMessage.status == "pending")
            .values(status="skipped", skip_reason="no_number", updated_at=cut.now)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(OutboxMessage)
            .where(mine)
            .values(to_encrypted=NO_NUMBER)
            .execution_options(synchronize_session=False)
        )
    return len(gone)
