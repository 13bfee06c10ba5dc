"""Analyst export of answers as CSV, long (one row per answer) or wide (one row per response).

Rows stream from one joined query on a server-side cursor, through generators, to
the file or HTTP response: nothing is collected, so memory stays flat. On
PostgreSQL the database writes the same CSV itself, streamed from ``COPY``
(``pg_copy``); the Python path below stays the reference and SQLite's path.

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
the code is neutralised (station code and governorate from the operator's file
by the query, free-text answers here, poll labels when the label index is
built); ids, codes and timestamps are numbers or written by the query; poll and
question ids, channel, language and status are the bot's own closed vocabularies.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from feedback_bot.runtime import Runtime
from feedback_bot.services.export import pg_copy as export_copy
from feedback_bot.services.export import query
from feedback_bot.services.export.cells import csv_line, safe_batches_csv, safe_text
from feedback_bot.services.export.filters import ExportRequest, ResolvedFilters, resolve
from feedback_bot.services.export.polls import PollIndex, all_polls

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
    """The export as CSV text in pieces; the database session lives as long as the iteration.

    On PostgreSQL the database writes the CSV itself (``pg_copy``), byte for byte
    what :func:`python_answers_csv` writes, several times faster.
    """
    use_copy = runtime.engine.dialect.name == "postgresql"
    return _answers_csv(runtime, export, use_copy, on_progress, batch_size, progress_every)


def python_answers_csv(
    runtime: Runtime,
    export: AnswersExport,
    *,
    on_progress: ProgressCallback | None = None,
    batch_size: int = BATCH_SIZE,
    progress_every: int = PROGRESS_EVERY,
) -> Iterator[str]:
    """:func:`answers_csv` with the rows made in Python on any database: the reference."""
    return _answers_csv(runtime, export, False, on_progress, batch_size, progress_every)


def _answers_csv(
    runtime: Runtime,
    export: AnswersExport,
    use_copy: bool,
    on_progress: ProgressCallback | None,
    batch_size: int,
    progress_every: int,
) -> Iterator[str]:
    index = PollIndex.build(all_polls())
    wide = export.request.format == "wide"
    bom = export.request.bom
    with runtime.sessions() as session:
        query.read_only_snapshot(session)
        questions = query.wide_questions(session, export.filters, index) if wide else []
        header = WIDE_ID_COLUMNS + tuple(questions) if wide else LONG_COLUMNS
        if use_copy:
            if wide:
                statement = export_copy.wide_statement(export.filters, index, questions)
            else:
                statement = export_copy.long_statement(export.filters, index)
            yield from export_copy.copy_csv(
                session,
                statement,
                csv_line(header),
                bom=bom,
                on_progress=on_progress,
                progress_every=progress_every,
            )
            return
        statement = query.answers_statement(session, export.filters, index, wide=wide)
        if wide:
            rows = itertools.chain.from_iterable(
                query.stream_batches(session, statement, batch_size)
            )
            batches = _batched(_wide_rows(rows, questions, index), batch_size)
        else:
            labels = index.labels_en
            batches = (
                _long_batch(batch, labels)
                for batch in query.stream_batches(session, statement, batch_size)
            )
        yield from safe_batches_csv(header, _counted(batches, on_progress, progress_every), bom=bom)


def _long_batch(
    batch: list[Any], labels: dict[tuple[str, int, str, int], str]
) -> list[tuple[Any, ...]]:
    """Query rows as long rows: the English label added, free text made safe."""
    poll, version, question, code, text = (
        query.POLL_ID, query.POLL_VERSION, query.QUESTION_ID, query.ANSWER_CODE, query.ANSWER_TEXT
    )  # fmt: skip
    return [
        (
            *row[:text],
            labels.get((row[poll], row[version], row[question], row[code]), ""),
            safe_text(row[text]) if row[text] else "",
            *row[query.STARTED_AT : query.RESPONSE_STATUS],
        )
        for row in batch
    ]


def _wide_rows(
    rows: Iterable[Any], questions: list[str], index: PollIndex
) -> Iterator[tuple[Any, ...]]:
    """One row per response, from consecutive rows of that response."""
    column = {qid: i for i, qid in enumerate(questions)}
    free_text = index.free_text
    for _response_id, group in itertools.groupby(rows, key=lambda row: row[query.RESPONSE_ID]):
        first = next(group)
        cells: list[Any] = [""] * len(questions)
        for row in itertools.chain((first,), group):
            question_id = row[query.QUESTION_ID]
            if row[query.ANSWER_STATUS] != "answered" or question_id not in column:
                continue  # no answer at all (outer join), or none given
            code = row[query.ANSWER_CODE]
            if (
                code is None
                or (row[query.POLL_ID], row[query.POLL_VERSION], question_id) in free_text
            ):
                cells[column[question_id]] = safe_text(row[query.ANSWER_TEXT])
            else:
                cells[column[question_id]] = code
        yield (
            *first[: query.QUESTION_ID],
            first[query.STARTED_AT] or "",
            first[query.COMPLETED_AT] or "",
            first[query.RESPONSE_STATUS],
            *cells,
        )


def _batched(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _counted(
    batches: Iterable[list[tuple[Any, ...]]], on_progress: ProgressCallback | None, every: int
) -> Iterator[list[tuple[Any, ...]]]:
    """Pass batches on, telling ``on_progress`` each time another ``every`` rows went by."""
    count = 0
    for batch in batches:
        yield batch
        before, count = count, count + len(batch)
        if on_progress is not None and count // every > before // every:
            on_progress(count, False)
    if on_progress is not None:
        on_progress(count, True)
