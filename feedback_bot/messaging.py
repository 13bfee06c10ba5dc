"""Channel-neutral messages: what the channel layer hands to the conversation and back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CHANNELS = ("sms", "whatsapp")


@dataclass(frozen=True)
class InboundMessage:
    """One message from a resident, whatever carried it (Twilio SMS, WhatsApp, the simulators)."""

    message_sid: str
    channel: str  # "sms" | "whatsapp"
    phone: str  # E.164, already normalised
    body: str  # raw text as typed (the conversation normalises it)
    received_at: dt.datetime  # aware UTC
    button_payload: str | None = None  # WhatsApp tap: quick-reply ButtonPayload or list ListId
    num_media: int = 0
    latitude: float | None = None
    longitude: float | None = None
    opt_out_type: str | None = None  # Twilio Advanced Opt-Out: STOP | START | HELP


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send through a Transport."""

    to: str  # E.164
    channel: str  # "sms" | "whatsapp"
    body: str | None = None
    content_sid: str | None = None  # WhatsApp Content template (HX…)
    content_variables: dict[str, Any] = field(default_factory=dict)
    reference: str | None = None  # the outbox idempotency key, for logs and fakes


@dataclass(frozen=True)
class SendResult:
    provider_sid: str | None
    status: str  # provider's status, e.g. "queued"
