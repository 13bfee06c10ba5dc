"""The audit log: who did what to the product's data, never the data itself.

Append-only: rows are only ever inserted (``services.audit``), and on PostgreSQL a
trigger refuses UPDATE, DELETE and TRUNCATE. Each entry carries the hash of the one
before it, so an edited, missing or reordered entry breaks the chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_bot.db import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor", "actor"),
        Index("ix_audit_log_action", "action"),
    )

    # 1, 2, 3, … without gaps: given under a lock, never by a sequence (whose numbers
    # a rolled-back transaction would skip, hiding a real gap among false ones).
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(100))  # a staff name, "resident", "worker"…
    source: Mapped[str] = mapped_column(String(16))  # cli | dashboard | api | webhook | worker
    action: Mapped[str] = mapped_column(String(64))  # e.g. login, export.answers, resident.erase
    target: Mapped[str | None] = mapped_column(String(100))  # the account or poll acted on
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
