"""Open Days at a station and residents' registrations (with a waitlist)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_bot.db import Base, UTCDateTime, utcnow

REGISTRATION_STATUSES = ("registered", "waitlisted", "cancelled", "attended")


class OpenDay(Base):
    __tablename__ = "open_days"
    __table_args__ = (Index("ix_open_days_station_starts", "station_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    title_ar: Mapped[str | None] = mapped_column(String(200))
    title_ckb: Mapped[str | None] = mapped_column(String(200))
    title_kmr: Mapped[str | None] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Registration(Base):
    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("open_day_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    open_day_id: Mapped[int] = mapped_column(ForeignKey("open_days.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(6), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="registered")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Waitlist order; re-registering after a cancellation goes to the back.
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the day-before reminder / the post-event poll was queued: each goes once.
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    poll_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
