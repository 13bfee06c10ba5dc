"""Reading the audit log: filtered by day, actor and action; in pages for the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from feedback_bot.errors import UserError
from feedback_bot.models import AuditEntry
from feedback_bot.runtime import Runtime

PAGE_SIZE = 50
BATCH = 1_000


@dataclass(frozen=True)
class AuditFilters:
    """Local days (inclusive), an actor's exact name, an action or its family (``export``)."""

    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class EntryView:
    seq: int
    at: dt.datetime
    actor: str
    source: str
    action: str
    target: str | None
    details: dict[str, Any]


@dataclass(frozen=True)
class Page:
    entries: list[EntryView]
    number: int
    pages: int
    total: int


def parse_filters(
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    action: str | None = None,
) -> AuditFilters:
    """Check filters typed by a person (command line or query string)."""
    since_day, until_day = _day("since", since), _day("until", until)
    if since_day and until_day and since_day > until_day:
        raise UserError(f"since ({since_day}) is after until ({until_day}); swap them.")
    return AuditFilters(
        since=since_day,
        until=until_day,
        actor=(actor or "").strip() or None,
        action=(action or "").strip().lower() or None,
    )


def _day(name: str, value: str | None) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{name} must be a date written YYYY-MM-DD, not {value!r}.") from None
    if not 2000 <= day.year <= 2999:
        raise UserError(f"{name} must be a date between the years 2000 and 2999.")
    return day


def _conditions(filters: AuditFilters, timezone: str) -> list[Any]:
    zone = ZoneInfo(timezone)
    conditions: list[Any] = []
    if filters.since:
        conditions.append(AuditEntry.at >= _midnight(filters.since, zone))
    if filters.until:
        conditions.append(AuditEntry.at < _midnight(filters.until + dt.timedelta(days=1), zone))
    if filters.actor:
        conditions.append(AuditEntry.actor == filters.actor)
    if filters.action:
        action = filters.action
        conditions.append(
            or_(AuditEntry.action == action, AuditEntry.action.startswith(f"{action}."))
        )
    return conditions


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), zone).astimezone(dt.UTC)


def _view(entry: AuditEntry) -> EntryView:
    return EntryView(
        entry.seq,
        entry.at,
        entry.actor,
        entry.source,
        entry.action,
        entry.target,
        dict(entry.details or {}),
    )


def iter_entries(runtime: Runtime, filters: AuditFilters) -> Iterator[EntryView]:
    """Matching entries, oldest first, read a batch at a time (the log only grows)."""
    conditions = _conditions(filters, runtime.config["TIMEZONE"])
    after = 0
    while True:
        with runtime.transaction() as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > after, *conditions)
                .order_by(AuditEntry.seq)
                .limit(BATCH)
            ).all()
            views = [_view(row) for row in rows]
        if not views:
            return
        yield from views
        after = views[-1].seq


def page(runtime: Runtime, filters: AuditFilters, number: int = 1) -> Page:
    """One page of matching entries, newest first; a page past the end shows the last one."""
    conditions = _conditions(filters, runtime.config["TIMEZONE"])
    with runtime.transaction() as session:
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions))
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(max(1, number), pages)
        rows = session.scalars(
            select(AuditEntry)
            .where(*conditions)
            .order_by(AuditEntry.seq.desc())
            .offset((number - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all()
        return Page([_view(row) for row in rows], number, pages, total)
