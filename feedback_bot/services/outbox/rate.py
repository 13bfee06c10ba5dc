"""Per-sender token buckets in the database, shared by every outbox dispatcher.

A dispatcher takes tokens inside its claim transaction, with the bucket row locked
(``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers), so
however many dispatchers run, a sender never exceeds OUTBOX_RATE_PER_SECOND beyond a
one-second burst.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from feedback_bot.models import OutboxSender


class TokenBucket:
    """The locked bucket of one sender for the length of a claim transaction."""

    def __init__(self, row: OutboxSender, rate: float, now: dt.datetime) -> None:
        self._row = row
        self.rate = rate
        elapsed = max(0.0, (now - row.refilled_at).total_seconds())
        row.tokens = min(rate, row.tokens + elapsed * rate)
        row.refilled_at = now

    @property
    def available(self) -> int:
        return int(self._row.tokens + 1e-9)

    def take(self) -> None:
        self._row.tokens -= 1

    def seconds_until_next(self) -> float:
        return max(0.0, (1 - self._row.tokens) / self.rate)


def lock_bucket(session: Session, sender: str, rate: float, now: dt.datetime) -> TokenBucket:
    """The sender's bucket, created full on first use and locked until the transaction ends."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(OutboxSender)
        .values(sender=sender, tokens=rate, refilled_at=now)
        .on_conflict_do_nothing(index_elements=["sender"])
    )
    row = session.scalars(
        select(OutboxSender)
        .where(OutboxSender.sender == sender)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return TokenBucket(row, rate, now)
