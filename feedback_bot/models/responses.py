"""Poll responses (one per resident, poll and wave) and their answers (one per question)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_bot.db import Base, UTCDateTime, utcnow

RESPONSE_STATUSES = ("in_progress", "completed", "expired", "abandoned")
ANSWER_STATUSES = ("answered", "unanswered", "skipped")


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_station_started", "station_id", "started_at"),
        Index("ix_responses_started", "started_at"),
        # Weekly summaries count completed responses of one station by completion time.
        Index("ix_responses_station_completed", "station_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True
    )
    poll_id: Mapped[str] = mapped_column(String(32))
    poll_version: Mapped[int] = mapped_column(Integer)
    wave: Mapped[int] = mapped_column(Integer, default=1)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    open_day_id: Mapped[int | None] = mapped_column(ForeignKey("open_days.id"))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    answer_code: Mapped[int | None] = mapped_column(SmallInteger)
    answer_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="answered")
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Followup(Base):
    """A wave due for one resident: the scheduler reads due rows, not one job per resident."""

    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("resident_id", "wave"),
        Index("ix_followups_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    wave: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # scheduled -> invited -> accepted -> completed | declined | missed | skipped
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    invited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    note: Mapped[str | None] = mapped_column(String(64))
