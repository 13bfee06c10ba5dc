"""A resident writing through the real receive path with an explicit clock (privacy tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from feedback_bot.messaging import InboundMessage
from feedback_bot.models import Registration, Resident
from feedback_bot.services import inbound
from tests.support.scheduling import local

NOW = local(2026, 12, 1, 12, 0)
OPEN_DAY_STARTS = local(2026, 12, 3, 10, 0)
_sids = itertools.count(1)


class Talker:
    """A resident writing through the real receive path, with a clock and their SIDs kept."""

    def __init__(self, runtime, phone: str, channel: str = "whatsapp"):
        self.runtime, self.phone, self.channel = runtime, phone, channel
        self.sids: list[str] = []

    def say(self, text: str, at: dt.datetime) -> str:
        sid = f"SM{next(_sids):032d}"
        self.sids.append(sid)
        message = InboundMessage(
            message_sid=sid, channel=self.channel, phone=self.phone, body=text, received_at=at
        )
        return "\n".join(inbound.receive(self.runtime, message))

    def conversation(self, texts, start: dt.datetime) -> str:
        reply = ""
        for i, text in enumerate(texts):
            reply = self.say(text, start + dt.timedelta(minutes=i))
        return reply

    def resident_id(self) -> int | None:
        with self.runtime.transaction() as session:
            return session.scalar(
                select(Resident.id).where(
                    Resident.phone_lookup == self.runtime.vault.lookup_hash(self.phone)
                )
            )


def status_of(runtime, resident_id):
    with runtime.transaction() as session:
        return session.scalar(
            select(Registration.status).where(Registration.resident_id == resident_id)
        )
