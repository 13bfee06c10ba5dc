"""Exports in the audit log: who downloaded what (format, filters, rows), never the data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from feedback_bot.runtime import Runtime
from feedback_bot.services.audit.entries import Actor, log_action
from feedback_bot.services.export.filters import ExportRequest


class RowCount:
    """An export's ``on_progress`` callback that keeps the number of rows written so far."""

    def __init__(self) -> None:
        self.rows: int | None = None

    def __call__(self, count: int, finished: bool) -> None:
        self.rows = count


def export_details(request: ExportRequest) -> dict[str, Any]:
    """Format and filters of an answers export, as the audit log keeps them."""
    filters = {
        "station": request.station_code,
        "since": request.since.isoformat() if request.since else None,
        "until": request.until.isoformat() if request.until else None,
    }
    return {
        "format": request.format,
        "filters": {k: v for k, v in filters.items() if v is not None},
        "bom": request.bom,
    }


def audited(
    runtime: Runtime,
    chunks: Iterator[str],
    actor: Actor,
    action: str,
    details: dict[str, Any],
    rows: RowCount | None = None,
) -> Iterator[str]:
    """Pass the export through; once it ends (finished, failed or abandoned), log it.

    ``complete`` is false when the stream stopped early: a client that went away, a
    database error half-way. What was sent before that is still recorded as sent.
    """
    complete = False
    try:
        yield from chunks
        complete = True
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
        logged = {**details, "complete": complete}
        if rows is not None:
            logged["rows"] = rows.rows
        log_action(runtime, actor, action, details=logged)
