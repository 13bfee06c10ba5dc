"""Analyst export of answers as CSV, long (one row per answer) or wide (one row per response).

Rows stream from one joined query on a server-side cursor, through generators, to
the file or HTTP response: nothing is collected, so memory stays flat.

- ``respondent_id`` is ``Resident.respondent_id`` (keyed HMAC of the number);
  no phone number, name or profile name is selected at all, and free text has
  anything that looks like a phone number masked.
- ``since``/``until`` are inclusive days in the local ``TIMEZONE``, applied to
  the response's ``started_at``.
- Timestamps are ISO 8601 in UTC with an explicit ``+00:00`` offset.
- ``status`` is the answer's status (answered, unanswered, skipped) in the long
  form and the response's status (in_progress, completed, expired, abandoned)
  in the wide form.
- Wide cells hold the answer code, or the text for free-text questions; a
  question not answered (unanswered, skipped, never asked) is an empty cell.

Formula safety is applied per column, for speed: text that comes from outside
the code (station code and governorate from the operator's file, free-text
answers, poll labels) is neutralised; ids, codes and timestamps are numbers or
written here; poll and question ids, channel, language and status are the bot's
own closed vocabularies.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import DateTime, Select, case, select, text, type_coerce
from sqlalchemy.orm import Session

from feedback_bot.models import Answer, Resident, Response, Station
from feedback_bot.runtime import Runtime
from feedback_bot.services.export_csv import csv_chunks, neutralise, safe_text
from feedback_bot.services.export_filters import ExportRequest, ResolvedFilters, resolve
from feedback_bot.services.export_polls import PollIndex, all_polls

LONG_COLUMNS = (
    "response_id", "respondent_id", "wave", "poll_id", "poll_version", "station_code",
    "governorate", "channel", "language", "gender", "age_band", "question_id", "answer_code",
    "answer_label_en", "answer_text", "started_at", "answered_at", "completed_at", "status",
)  # fmt: skip
WIDE_ID_COLUMNS = (
    "response_id", "respondent_id", "wave", "poll_id", "poll_version", "station_code",
    "governorate", "channel", "language", "gender", "age_band", "started_at", "completed_at",
    "status",
)  # fmt: skip
PROGRESS_EVERY = 100_000
BATCH_SIZE = 5_000

ProgressCallback = Callable[[int, bool], None]


@dataclass(frozen=True)
class AnswersExport:
    """A checked export, ready to stream."""

    request: ExportRequest
    filters: ResolvedFilters
    filename: str


def prepare_answers(runtime: Runtime, request: ExportRequest) -> AnswersExport:
    """Resolve the request against the database; a user's mistake raises UserError here."""
    with runtime.transaction() as session:
        filters = resolve(session, request, timezone=runtime.config["TIMEZONE"])
    return AnswersExport(request, filters, _filename(request, filters))


def _filename(request: ExportRequest, filters: ResolvedFilters) -> str:
    parts = ["answers", request.format]
    if filters.station_code:
        parts.append(filters.station_code)
    if request.since or request.until:
        parts.append(f"{request.since or 'start'}_{request.until or 'end'}")
    return "-".join(parts) + ".csv"


def answers_csv(
    runtime: Runtime,
    export: AnswersExport,
    *,
    on_progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
    progress_every: int = PROGRESS_EVERY,
) -> Iterator[str]:
    """The export as CSV text in pieces; the database session lives as long as the iteration."""
    index = PollIndex.build(all_polls())
    with runtime.sessions() as session:
        _read_only_snapshot(session)
        if export.request.format == "wide":
            questions = _wide_questions(session, export.filters, index)
            header: tuple[str, ...] = WIDE_ID_COLUMNS + tuple(questions)
            rows = _stream(session, _statement(export.filters, index, wide=True), batch_size)
            out: Iterable[tuple[Any, ...]] = _wide_rows(rows, questions, index)
        else:
            header = LONG_COLUMNS
            rows = _stream(session, _statement(export.filters, index, wide=False), batch_size)
            out = _long_rows(rows, index)
        yield from csv_chunks(
            header,
            _counted(out, on_progress, progress_every),
            bom=export.request.bom,
            rows_are_safe=True,
        )


def _read_only_snapshot(session: Session) -> None:
    """One read-only snapshot for the whole export, that never blocks the bot's writes.

    Wide columns and rows come from two statements, so on PostgreSQL both must see
    the same data (repeatable read). On SQLite a deferred transaction is a snapshot
    under WAL and, unlike the default BEGIN IMMEDIATE, leaves writers free.
    """
    if session.get_bind().dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        session.connection(execution_options=options)
        # Timestamps are read raw (see _raw_utc) and come back in the session's zone.
        session.execute(text("SET LOCAL TIME ZONE 'UTC'"))
    else:
        session.connection(execution_options={"read_only": True})


def _stream(session: Session, statement: Select[Any], batch_size: int) -> Iterator[Any]:
    """Rows from a server-side cursor, fetched ``batch_size`` at a time."""
    connection = session.connection()
    result = connection.execution_options(yield_per=batch_size).execute(statement)
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()


def _statement(filters: ResolvedFilters, index: PollIndex, *, wide: bool) -> Select[Any]:
    """One query joining answers, responses, residents and stations, in export order."""
    question_order = case(index.positions, value=Answer.question_id, else_=len(index.positions))
    statement = select(
        Response.id,
        Resident.respondent_id,
        Response.wave,
        Response.poll_id,
        Response.poll_version,
        Station.code,
        Station.governorate,
        Response.channel,
        Response.language,
        Resident.gender,
        Resident.age_band,
        Answer.question_id,
        Answer.answer_code,
        Answer.answer_text,
        _raw_utc(Response.started_at),
        _raw_utc(Answer.answered_at),
        _raw_utc(Response.completed_at),
        Answer.status,
        Response.status,
    ).select_from(Response)
    if wide:
        # A response without any answer yet still gets its row.
        statement = statement.outerjoin(Answer, Answer.response_id == Response.id)
    else:
        statement = statement.join(Answer, Answer.response_id == Response.id)
    statement = statement.join(Resident, Resident.id == Response.resident_id).join(
        Station, Station.id == Response.station_id
    )
    return _filtered(statement, filters).order_by(Response.id, question_order, Answer.id)


def _filtered(statement: Select[Any], filters: ResolvedFilters) -> Select[Any]:
    if filters.station_id is not None:
        statement = statement.where(Response.station_id == filters.station_id)
    if filters.start_utc is not None:
        statement = statement.where(Response.started_at >= filters.start_utc)
    if filters.end_utc is not None:
        statement = statement.where(Response.started_at < filters.end_utc)
    return statement


def _wide_questions(session: Session, filters: ResolvedFilters, index: PollIndex) -> list[str]:
    """Question ids answered in the selected responses, in poll order (unknown ones last)."""
    statement = _filtered(
        select(Answer.question_id)
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .distinct(),
        filters,
    )
    found = set(session.scalars(statement))
    end = len(index.positions)
    return sorted(found, key=lambda qid: (index.positions.get(qid, end), qid))


def _raw_utc(column: Any) -> Any:
    """A timestamp column read as the driver gives it, skipping UTCDateTime's per-row work.

    PostgreSQL gives aware UTC times (the export sets the session zone); SQLite gives
    naive ones that are UTC by construction. ``_iso`` handles both.
    """
    return type_coerce(column, DateTime(timezone=True))


def _iso(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    elif value.utcoffset():
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="seconds")


def _long_rows(rows: Iterable[Any], index: PollIndex) -> Iterator[tuple[Any, ...]]:
    labels = index.labels_en
    # A response's rows are consecutive: its own columns are formatted once, not per answer.
    last_response = None
    response_cells: tuple[Any, ...] = ()
    for (
        response_id, respondent_id, wave, poll_id, poll_version, station_code, governorate,
        channel, language, gender, age_band, question_id, answer_code, answer_text,
        started_at, answered_at, completed_at, answer_status, _response_status,
    ) in rows:  # fmt: skip
        if response_id != last_response:
            last_response = response_id
            response_cells = (
                neutralise(station_code), neutralise(governorate), _iso(started_at),
                _iso(completed_at),
            )  # fmt: skip
        label = labels.get((poll_id, poll_version, question_id, answer_code), "")
        yield (
            response_id, respondent_id, wave, poll_id, poll_version, response_cells[0],
            response_cells[1], channel, language, gender, age_band, question_id, answer_code,
            label, safe_text(answer_text), response_cells[2], _iso(answered_at),
            response_cells[3], answer_status,
        )  # fmt: skip


def _wide_rows(
    rows: Iterable[Any], questions: list[str], index: PollIndex
) -> Iterator[tuple[Any, ...]]:
    """One row per response, from consecutive rows of that response."""
    column = {qid: i for i, qid in enumerate(questions)}
    free_text = index.free_text
    for _response_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        first = next(group)
        cells: list[Any] = [""] * len(questions)
        for row in itertools.chain((first,), group):
            poll_id, poll_version, question_id = row[3], row[4], row[11]
            if question_id is None or row[17] != "answered" or question_id not in column:
                continue
            if (poll_id, poll_version, question_id) in free_text or row[12] is None:
                cells[column[question_id]] = safe_text(row[13])
            else:
                cells[column[question_id]] = row[12]
        yield (
            *first[:5],
            neutralise(first[5]),
            neutralise(first[6]),
            *first[7:11],
            _iso(first[14]),
            _iso(first[16]),
            first[18],
            *cells,
        )


def _counted(
    rows: Iterable[tuple[Any, ...]], on_progress: ProgressCallback | None, every: int
) -> Iterator[tuple[Any, ...]]:
    count = 0
    for row in rows:
        yield row
        count += 1
        if on_progress is not None and count % every == 0:
            on_progress(count, False)
    if on_progress is not None:
        on_progress(count, True)
