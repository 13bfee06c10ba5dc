"""Helpers for the audit log tests: entries written through the service, rows tampered by SQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from feedback_bot.models import AuditEntry
from feedback_bot.services import audit

ANALYST = audit.Actor("amal", "api")
START = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def write_entries(runtime, count: int, *, start: dt.datetime = START) -> None:
    """COUNT export entries by ``amal``, one a minute from START."""
    for i in range(count):
        with runtime.transaction() as session:
            audit.record(
                session,
                ANALYST,
                "export.answers",
                details={"format": "long", "filters": {"station": "BGD-01"}, "rows": 10 + i},
                now=start + dt.timedelta(minutes=i),
            )


def tamper(runtime, *statements: str) -> None:
    """Run SQL against the log as someone with the table owner's rights would.

    On PostgreSQL the owner has to switch the append-only trigger off first, exactly as an
    intruder with those rights would; SQLite has no trigger to switch off.
    """
    postgres = runtime.engine.dialect.name == "postgresql"
    with runtime.engine.begin() as connection:
        if postgres:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        for statement in statements:
            connection.execute(text(statement))
        if postgres:
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


def entries(runtime) -> list[AuditEntry]:
    with runtime.transaction() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
