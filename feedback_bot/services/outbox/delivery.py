"""Delivery rules for proactive messages: consent, opt-out, quiet hours, WhatsApp's window.

``plan_delivery`` is pure: given an outbox row, what is known of its recipient, the
config and the time, it says whether to send (free text or Content template), skip
(with a reason) or not. ``quiet_hours_end`` says until when nothing may go out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from feedback_bot.config import whatsapp_template
from feedback_bot.models import OutboxMessage, Resident
from feedback_bot.services.outbox.rows import derived_key, insert_once

WHATSAPP_WINDOW = dt.timedelta(hours=24)

# Twilio error codes (DOMAIN.md).
OPTED_OUT = 21610
OUTSIDE_WINDOW = 63016
RETRY_CODES = frozenset({63018, 21611, 30001})  # rate limit, sender queue full, queue overflow


@dataclass(frozen=True)
class Recipient:
    """What the rules need to know about who a message is for."""

    opted_out: bool = False
    consented: bool = True
    active: bool = True
    is_staff: bool = False  # staff never write to the bot: always outside the WhatsApp window
    last_whatsapp_inbound_at: dt.datetime | None = None


@dataclass(frozen=True)
class Plan:
    skip_reason: str | None = None
    body: str | None = None
    content_sid: str | None = None
    content_variables: dict[str, Any] = field(default_factory=dict)

    @property
    def sends(self) -> bool:
        return self.skip_reason is None


def inside_whatsapp_window(recipient: Recipient, now: dt.datetime) -> bool:
    last = recipient.last_whatsapp_inbound_at
    return not recipient.is_staff and last is not None and now - last < WHATSAPP_WINDOW


def plan_delivery(
    row: OutboxMessage, recipient: Recipient, config: Mapping[str, Any], now: dt.datetime
) -> Plan:
    """How ``row`` may go out now, or why it must not go out at all."""
    if recipient.opted_out:
        return Plan(skip_reason="opted_out")
    if not recipient.consented:
        return Plan(skip_reason="no_consent")
    if not recipient.active:
        return Plan(skip_reason="inactive_user")
    if row.channel == "whatsapp":
        if row.body and inside_whatsapp_window(recipient, now):
            return Plan(body=row.body)
        content_sid = (
            whatsapp_template(config, row.template_name, row.language)
            if row.template_name
            else None
        )
        if content_sid is None:
            return Plan(skip_reason="no_template")
        return Plan(content_sid=content_sid, content_variables=dict(row.template_variables or {}))
    if not row.body:
        return Plan(skip_reason="no_body")
    return Plan(body=row.body)


def quiet_hours_end(config: Mapping[str, Any], now: dt.datetime) -> dt.datetime | None:
    """When the current quiet hours end (aware UTC), or None if ``now`` is outside them."""
    window = config.get("QUIET_HOURS")
    if not window:
        return None
    start, end = window
    if start == end:
        return None
    zone = ZoneInfo(config["TIMEZONE"])
    local = now.astimezone(zone)
    minute = local.hour * 60 + local.minute
    if start < end:
        inside, ends_tomorrow = start <= minute < end, False
    else:  # the window wraps midnight, e.g. 21:00-09:00
        inside, ends_tomorrow = minute >= start or minute < end, minute >= start
    if not inside:
        return None
    day = local.date() + dt.timedelta(days=1 if ends_tomorrow else 0)
    ends = dt.datetime.combine(day, dt.time(end // 60, end % 60), tzinfo=zone)
    return ends.astimezone(dt.UTC)


def is_retryable(code: int | None, status: int | None) -> bool:
    """Worth trying again later: network errors, 5xx, 429 and Twilio's queue/rate codes."""
    if code is None and status is None:
        return True
    if code in RETRY_CODES:
        return True
    return status is not None and (status >= 500 or status == 429)


def mark_opted_out(session: Session, resident_id: int, *, now: dt.datetime) -> None:
    """Twilio says the resident sent STOP (21610): record it and skip what waits for them."""
    session.execute(
        update(Resident)
        .where(Resident.id == resident_id, Resident.opted_out.is_(False))
        .values(opted_out=True, opted_out_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.resident_id == resident_id, OutboxMessage.status == "pending")
        .values(status="skipped", skip_reason="opted_out", updated_at=now)
        .execution_options(synchronize_session=False)
    )


def fall_back_to_template(
    session: Session, config: Mapping[str, Any], row: OutboxMessage, *, now: dt.datetime
) -> OutboxMessage | None:
    """WhatsApp refused free text (63016): queue the row's template, or skip it without one."""
    if row.template_name and whatsapp_template(config, row.template_name, row.language):
        return insert_once(
            session,
            {
                "idempotency_key": derived_key(row.idempotency_key, "template"),
                "kind": row.kind,
                "channel": row.channel,
                "to_encrypted": row.to_encrypted,
                "language": row.language,
                "template_name": row.template_name,
                "template_variables": row.template_variables,
                "resident_id": row.resident_id,
                "user_id": row.user_id,
            },
            now=now,
        )
    row.status, row.skip_reason, row.updated_at = "skipped", "no_template", now
    return None
