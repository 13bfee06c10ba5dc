"""Residents and their conversation state. A phone number is never stored in clear."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from feedback_bot.db import Base, UTCDateTime, utcnow

# The ciphertext of a number that retention has deleted. Empty rather than NULL: making the
# column nullable would rebuild ``residents`` on SQLite, and with foreign keys on that drop
# cascades into every table that refers to it.
NO_NUMBER = ""


class Resident(Base):
    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    # HMAC of the E.164 number under a key derived from PHONE_ENCRYPTION_KEY.
    phone_lookup: Mapped[str] = mapped_column(String(64), unique=True)
    # Fernet ciphertext of the E.164 number, needed to send proactive messages; NO_NUMBER
    # once retention has deleted it (RETENTION_CONTACT_DAYS): the answers stay under the
    # pseudonym, and the number is stored again if the resident writes again.
    phone_encrypted: Mapped[str] = mapped_column(Text)
    # The analysts' pseudonym: HMAC of the number under PSEUDONYM_KEY.
    respondent_id: Mapped[str] = mapped_column(String(32), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # sms | whatsapp: the last one used
    language: Mapped[str | None] = mapped_column(String(3))
    consented_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    gender: Mapped[int | None] = mapped_column(SmallInteger)
    age_band: Mapped[int | None] = mapped_column(SmallInteger)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Last inbound message per channel: WhatsApp's 24-hour free-form window.
    last_inbound_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_whatsapp_inbound_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conversation(Base):
    """Where a resident is in a dialogue; the engine's state, saved between messages."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
