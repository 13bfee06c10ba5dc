"""Simulated residents (terminal chat, browser simulator) on the webhook's own path."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from feedback_bot.db import utcnow
from feedback_bot.errors import UserError
from feedback_bot.messaging import CHANNELS, InboundMessage
from feedback_bot.models import Resident
from feedback_bot.phones import to_e164
from feedback_bot.services.inbound import receiving as inbound


def simulate(
    runtime,
    *,
    phone: str,
    channel: str,
    text: str,
    button_payload: str | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """A message typed in a simulator (terminal, browser), taken through the webhook's own path."""
    e164 = to_e164(phone)
    if e164 is None:
        raise UserError("The phone number must be a mobile number such as +9647701234567.")
    if channel not in CHANNELS:
        raise UserError(f"The channel must be one of {', '.join(CHANNELS)}.")
    message = InboundMessage(
        message_sid="SM" + uuid.uuid4().hex,
        channel=channel,
        phone=e164,
        body=text,
        received_at=now or utcnow(),
        button_payload=button_payload,
    )
    return inbound.receive(runtime, message)


def resident_language(runtime, phone: str) -> str | None:
    """The language a (simulated) phone's resident chose, if any."""
    e164 = to_e164(phone)
    if e164 is None:
        return None
    with runtime.transaction() as session:
        return session.scalar(
            select(Resident.language).where(
                Resident.phone_lookup == runtime.vault.lookup_hash(e164)
            )
        )
