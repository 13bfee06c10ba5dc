"""Residents and queued messages for outbox tests, written straight to the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from feedback_bot.channels import transport_for
from feedback_bot.models import OutboxMessage, Resident
from feedback_bot.services.outbox.dispatcher import enqueue

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)  # 13:00 in Baghdad


def add_resident(
    runtime,
    phone: str = "+9647701234567",
    *,
    channel: str = "sms",
    language: str = "ar",
    consented: bool = True,
    opted_out: bool = False,
    last_whatsapp_inbound_at: dt.datetime | None = None,
) -> int:
    with runtime.transaction() as session:
        resident = Resident(
            phone_lookup=runtime.vault.lookup_hash(phone),
            phone_encrypted=runtime.vault.encrypt(phone),
            respondent_id=runtime.vault.respondent_id(phone),
            channel=channel,
            language=language,
            consented_at=NOW - dt.timedelta(days=40) if consented else None,
            opted_out=opted_out,
            last_whatsapp_inbound_at=last_whatsapp_inbound_at,
        )
        session.add(resident)
        session.flush()
        return resident.id


def queue(runtime, resident_id: int, key: str, *, now: dt.datetime = NOW, **fields: Any):
    """Queue a message for the resident on their channel; its id (None if the key existed)."""
    with runtime.transaction() as session:
        resident = session.get(Resident, resident_id)
        values = {
            "kind": "followup",
            "channel": resident.channel,
            "to_encrypted": resident.phone_encrypted,
            "language": resident.language,
            "body": f"message {key}",
            "template_name": "FOLLOWUP",
            "template_variables": {"1": "BGD-01"},
            "resident_id": resident.id,
            **fields,
        }
        row = enqueue(session, key=key, now=now, **values)
        return None if row is None else row.id


def outbox_row(runtime, row_id: int) -> OutboxMessage:
    with runtime.transaction() as session:
        return session.get(OutboxMessage, row_id)


def outbox_rows(runtime) -> list[OutboxMessage]:
    with runtime.transaction() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def fake(runtime):
    """The recording transport the app sends through (MESSAGE_TRANSPORT=fake)."""
    return transport_for(runtime)


class FakeClock:
    """A clock that moves only when something sleeps."""

    def __init__(self, start: dt.datetime = NOW) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += dt.timedelta(seconds=seconds)
