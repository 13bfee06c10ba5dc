"""Delivery status callbacks: an outbound message's status only ever moves forward.

Twilio's callbacks arrive late, twice or out of order; a status ranked at or below the
one recorded changes nothing, and failed/undelivered are final.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from feedback_bot.channels.twilio_forms import StatusUpdate
from feedback_bot.models import OutboxMessage
from feedback_bot.runtime import Runtime
from feedback_bot.services.outbox import delivery

# Twilio's MessageStatus values in the order a message lives them.
RANKS = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "read": 5,
    "undelivered": 6,
    "failed": 6,
    "canceled": 6,
}
FINAL_RANK = 6
# Our row status for a provider status; queued…sent all mean "with Twilio".
ROW_STATUS = {"delivered": "delivered", "read": "read", "undelivered": "undelivered"}


def record_status(runtime: Runtime, update: StatusUpdate, *, now: dt.datetime) -> bool:
    """Apply one callback; False when it changes nothing (unknown sid, stale or repeated)."""
    rank = RANKS.get(update.status)
    if rank is None:
        return False
    with runtime.transaction() as session:
        row = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.provider_sid == update.provider_sid)
            .with_for_update()
        ).one_or_none()
        if row is None:
            return False
        current = RANKS.get(row.provider_status or "", -1)
        if current >= FINAL_RANK or rank <= current:
            return False
        row.provider_status = update.status
        row.status = ROW_STATUS.get(update.status, "failed" if rank == FINAL_RANK else "sent")
        if update.error_code:
            row.error_code = update.error_code[:16]
        row.updated_at = now
        if rank == FINAL_RANK:
            _after_failure(session, runtime, row, now=now)
    return True


def _after_failure(session, runtime: Runtime, row: OutboxMessage, *, now: dt.datetime) -> None:
    code = row.error_code
    if code == str(delivery.OUTSIDE_WINDOW) and row.channel == "whatsapp" and not row.content_sid:
        delivery.fall_back_to_template(session, runtime.config, row, now=now)
    elif code == str(delivery.OPTED_OUT) and row.resident_id is not None:
        delivery.mark_opted_out(session, row.resident_id, now=now)
