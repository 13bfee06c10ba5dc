"""Twilio webhook form fields to channel-neutral values (pure: no Flask, no database)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from feedback_bot.messaging import InboundMessage
from feedback_bot.phones import to_e164

# Twilio's own limit for one message; anything longer is not a resident typing.
MAX_BODY_CHARS = 1600
MAX_FIELD_CHARS = 256


class FormError(ValueError):
    """The form cannot be a Twilio message; the text says which field is wrong."""


@dataclass(frozen=True)
class StatusUpdate:
    provider_sid: str
    status: str
    error_code: str | None


def _clean(value: str | None, limit: int) -> str:
    # PostgreSQL text cannot hold NUL; nothing a resident means is lost without it.
    return (value or "").replace("\x00", "")[:limit]


def _optional(form: Mapping[str, str], key: str) -> str | None:
    value = _clean(form.get(key), MAX_FIELD_CHARS).strip()
    return value or None


def _int(value: str | None) -> int:
    try:
        return max(0, int((value or "0").strip()))
    except ValueError:
        return 0


def _coordinate(value: str | None, bound: float) -> float | None:
    try:
        number = float((value or "").strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and -bound <= number <= bound else None


def inbound_message(form: Mapping[str, str], *, received_at: dt.datetime) -> InboundMessage:
    """The resident's message in a Twilio inbound form; FormError if From or MessageSid is bad."""
    sid = _optional(form, "MessageSid") or _optional(form, "SmsMessageSid")
    if not sid:
        raise FormError("MessageSid is required.")
    sender = _clean(form.get("From"), MAX_FIELD_CHARS).strip()
    if not sender:
        raise FormError("From is required.")
    phone = to_e164(sender)
    if phone is None:
        raise FormError("From is not a phone number.")
    opt_out = _optional(form, "OptOutType")
    return InboundMessage(
        message_sid=sid[:64],
        channel="whatsapp" if sender.lower().startswith("whatsapp:") else "sms",
        phone=phone,
        body=_clean(form.get("Body"), MAX_BODY_CHARS),
        received_at=received_at,
        # A quick-reply tap carries its action id as ButtonPayload, a list-picker tap its
        # item id as ListId; both are what the conversation reads as the chosen option.
        button_payload=_optional(form, "ButtonPayload") or _optional(form, "ListId"),
        num_media=_int(form.get("NumMedia")),
        latitude=_coordinate(form.get("Latitude"), 90.0),
        longitude=_coordinate(form.get("Longitude"), 180.0),
        opt_out_type=opt_out.upper() if opt_out else None,
    )


def status_update(form: Mapping[str, str]) -> StatusUpdate:
    """The delivery status in a Twilio status callback form."""
    sid = _optional(form, "MessageSid") or _optional(form, "SmsSid")
    status = _optional(form, "MessageStatus") or _optional(form, "SmsStatus")
    if not sid or not status:
        raise FormError("MessageSid and MessageStatus are required.")
    return StatusUpdate(
        provider_sid=sid[:64], status=status.lower(), error_code=_optional(form, "ErrorCode")
    )
