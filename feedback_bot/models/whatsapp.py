"""WhatsApp content resources we created at Twilio, kept so each wording is created once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_bot.db import Base, UTCDateTime, utcnow


class WhatsappContent(Base):
    """One Twilio Content resource (``HX…``) per question, language, poll version and wording.

    ``wording_hash`` is the SHA-256 of exactly what was sent as the resource's types
    (body, titles, ids), so a changed translation, station name or label makes a
    new resource and the old one is simply no longer used.
    """

    __tablename__ = "whatsapp_contents"
    __table_args__ = (
        UniqueConstraint(
            "scope",
            "version",
            "question_id",
            "language",
            "wording_hash",
            name="uq_whatsapp_contents_wording",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64))  # the poll id, or "bot" for its own menus
    version: Mapped[int] = mapped_column(Integer)  # the poll version; 0 for the bot's menus
    question_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(3))
    wording_hash: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))  # twilio/quick-reply | twilio/list-picker
    content_sid: Mapped[str] = mapped_column(String(34), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
