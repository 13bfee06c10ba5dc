"""Writing outbox rows once per idempotency key, race-free on both databases."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from feedback_bot.models import OutboxMessage

KEY_LENGTH = 200


def insert_once(
    session: Session, values: dict[str, Any], *, now: dt.datetime
) -> OutboxMessage | None:
    """Insert a pending row; None, and nothing written, if its idempotency key exists."""
    values = {
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
        **{k: v for k, v in values.items() if v is not None},
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # ON CONFLICT DO NOTHING waits for a concurrent insert of the same key and then
    # yields nothing: no check-then-insert race, no failed transaction.
    new_id = session.execute(
        insert(OutboxMessage)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    ).scalar_one_or_none()
    return None if new_id is None else session.get(OutboxMessage, new_id)


def derived_key(key: str, suffix: str) -> str:
    """The idempotency key of a message derived from the one queued under ``key``."""
    candidate = f"{key}:{suffix}"
    if len(candidate) <= KEY_LENGTH:
        return candidate
    return f"{hashlib.sha256(key.encode()).hexdigest()}:{suffix}"
