"""The export on PostgreSQL: ``COPY (SELECT …) TO STDOUT WITH (FORMAT csv)``, cells made in SQL.

The output is byte for byte what the Python path in ``answers.py`` writes (that path
stays the reference, and the only one on SQLite; every cell rule is in ``cells``). The
database does the work that made the Python path several times slower than
PostgreSQL's own CSV dump:

- free text: phone-like runs masked (``cells.PHONE_PATTERN``), then a leading quote
  before a formula trigger;
- English labels joined from a ``VALUES`` list built from the poll files (already
  formula-safe, see ``PollIndex``);
- timestamps formatted as on the Python path, empty text as NULL (an empty cell:
  PostgreSQL would write ``""`` for an empty string, Python's csv writes nothing).

COPY takes no bind parameters, so every value (filters, poll data) enters the
statement as a ``psycopg.sql.Literal``, quoted by psycopg; nothing is formatted in.
PostgreSQL sends one row per message ending in ``\\n``; rows are re-ended with
``\\r\\n`` as Python's csv writer does, and handed on in ~64 KB pieces as they arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import psycopg
from psycopg import sql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from feedback_bot.services.export.cells import (
    BOM,
    CHUNK_CHARS,
    copy_iso,
    copy_masked,
    copy_neutralised,
    copy_safe_text,
    copy_text,
)
from feedback_bot.services.export.filters import ResolvedFilters
from feedback_bot.services.export.polls import PollIndex


def long_statement(filters: ResolvedFilters, index: PollIndex) -> sql.Composed:
    """The long export's rows, one per answer, in export order, every cell final."""
    return sql.SQL(
        """SELECT p.id, {respondent}, p.wave, {poll}, p.poll_version, {code}, {governorate},
       {channel}, {language}, r.gender, r.age_band, {question}, a.answer_code, l.label,
       {text}, {started}, {answered}, {completed}, {status}
FROM responses p
JOIN answers a ON a.response_id = p.id
JOIN residents r ON r.id = p.resident_id
JOIN stations s ON s.id = p.station_id
LEFT JOIN {labels} AS l (poll_id, poll_version, question_id, code, label)
       ON l.poll_id = p.poll_id AND l.poll_version = p.poll_version
      AND l.question_id = a.question_id AND l.code = a.answer_code
CROSS JOIN LATERAL (SELECT {masked} AS t) m
WHERE {where}
ORDER BY p.id, {order}, a.id"""
    ).format(
        **_response_cells(),
        question=copy_text("a.question_id"),
        labels=_labels(index),
        text=copy_safe_text("m.t"),
        answered=copy_iso("a.answered_at"),
        status=copy_text("a.status"),
        masked=copy_masked("a.answer_text"),
        where=_where(filters),
        order=_question_order(index),
    )


def wide_statement(
    filters: ResolvedFilters, index: PollIndex, questions: Sequence[str]
) -> sql.Composed:
    """The wide export's rows, one per response, one cell per question in ``questions``.

    A cell is the code, or the safe text for a free-text question or an answer without
    a code; answers not given (unanswered, skipped) are left out, so their cell is empty.
    (response_id, question_id) is unique, so each aggregate sees at most one answer.
    """
    cells = [
        sql.SQL("max(c.cell) FILTER (WHERE a.question_id = {})").format(sql.Literal(question))
        for question in questions
    ]
    free_text = sql.SQL(", ").join(
        sql.SQL("({}, {}, {})").format(sql.Literal(poll), sql.Literal(version), sql.Literal(qid))
        for poll, version, qid in sorted(index.free_text)
    )
    is_free_text = (
        sql.SQL("(p.poll_id, p.poll_version, a.question_id) IN ({})").format(free_text)
        if index.free_text
        else sql.SQL("false")
    )
    return sql.SQL(
        """SELECT p.id, {respondent}, p.wave, {poll}, p.poll_version, {code}, {governorate},
       {channel}, {language}, r.gender, r.age_band, {started}, {completed}, {status}{cells}
FROM responses p
JOIN residents r ON r.id = p.resident_id
JOIN stations s ON s.id = p.station_id
LEFT JOIN answers a ON a.response_id = p.id AND a.status = 'answered'
LEFT JOIN LATERAL (SELECT {masked} AS t) m ON true
CROSS JOIN LATERAL (
    SELECT CASE WHEN a.answer_code IS NULL OR {is_free_text} THEN {text}
                ELSE a.answer_code::text END AS cell
) c
WHERE {where}
GROUP BY p.id, r.id, s.id
ORDER BY p.id"""
    ).format(
        **_response_cells(),
        status=copy_text("p.status"),
        cells=sql.SQL("").join(sql.SQL(", ") + cell for cell in cells),
        masked=copy_masked("a.answer_text"),
        is_free_text=is_free_text,
        text=copy_safe_text("m.t"),
        where=_where(filters),
    )


def copy_csv(
    session: Session,
    statement: sql.Composable,
    header: str,
    *,
    bom: bool,
    on_progress: Callable[[int, bool], None] | None,
    progress_every: int,
) -> Iterator[str]:
    """``header`` (a CSV line) then the rows of ``statement`` as CSV text, in pieces.

    Runs in the session's transaction (its snapshot); rows are handed on as they come.
    """
    connection = session.connection().connection.driver_connection
    copy_statement = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')").format(
        statement
    )
    rows: list[bytes | memoryview] = [((BOM if bom else "") + header).encode("utf-8")]
    size = count = 0
    try:
        with connection.cursor() as cursor, cursor.copy(copy_statement) as copy:
            for row in copy:
                # One row per message, ended by "\n"; Python's csv writer ends rows "\r\n".
                rows.append(row[:-1])
                rows.append(b"\r\n")
                size += len(row)
                count += 1
                if on_progress is not None and count % progress_every == 0:
                    on_progress(count, False)
                if size >= CHUNK_CHARS:
                    yield b"".join(rows).decode("utf-8")
                    rows.clear()
                    size = 0
    except psycopg.Error as error:
        # Callers (the API's 503) expect SQLAlchemy's errors, as on the Python path.
        raise DBAPIError.instance(
            str(copy_statement.as_string(connection)), None, error, psycopg.Error
        ) from error
    if rows:
        yield b"".join(rows).decode("utf-8")
    if on_progress is not None:
        on_progress(count, True)


def _response_cells() -> dict[str, sql.Composable]:
    return {
        "respondent": copy_text("r.respondent_id"),
        "poll": copy_text("p.poll_id"),
        "code": copy_neutralised("s.code"),
        "governorate": copy_neutralised("s.governorate"),
        "channel": copy_text("p.channel"),
        "language": copy_text("p.language"),
        "started": copy_iso("p.started_at"),
        "completed": copy_iso("p.completed_at"),
    }


def _labels(index: PollIndex) -> sql.Composable:
    rows = [
        sql.SQL("({}, {}, {}, {}, {})").format(
            sql.Literal(poll),
            sql.Literal(version),
            sql.Literal(qid),
            sql.Literal(code),
            sql.Literal(label),
        )
        for (poll, version, qid, code), label in index.labels_en.items()
        if label  # an empty label is an empty cell, as a missing one
    ]
    if not rows:
        return sql.SQL("(SELECT NULL::text, NULL::int, NULL::text, NULL::int, NULL::text)")
    return sql.SQL("(VALUES {})").format(sql.SQL(", ").join(rows))


def _question_order(index: PollIndex) -> sql.Composable:
    """As the Python path's ``case(index.positions, …)``: poll order, unknown questions last."""
    if not index.positions:
        return sql.SQL("0")
    whens = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(qid), sql.Literal(position))
        for qid, position in index.positions.items()
    )
    return sql.SQL("CASE a.question_id {} ELSE {} END").format(
        whens, sql.Literal(len(index.positions))
    )


def _where(filters: ResolvedFilters) -> sql.Composable:
    conditions = [sql.SQL("true")]
    if filters.station_id is not None:
        conditions.append(sql.SQL("p.station_id = {}").format(sql.Literal(filters.station_id)))
    if filters.start_utc is not None:
        conditions.append(sql.SQL("p.started_at >= {}").format(sql.Literal(filters.start_utc)))
    if filters.end_utc is not None:
        conditions.append(sql.SQL("p.started_at < {}").format(sql.Literal(filters.end_utc)))
    return sql.SQL(" AND ").join(conditions)
