"""The export's SQL: one joined query in export order, read on a server-side cursor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, case, select
from sqlalchemy.orm import Session

from feedback_bot.models import Answer, Resident, Response, Station
from feedback_bot.services.export.cells import iso_utc_expression, neutralised_expression
from feedback_bot.services.export.filters import ResolvedFilters
from feedback_bot.services.export.polls import PollIndex

# Positions of the columns in a row of ``answers_statement``.
(
    RESPONSE_ID, RESPONDENT_ID, WAVE, POLL_ID, POLL_VERSION, STATION_CODE, GOVERNORATE,
    CHANNEL, LANGUAGE, GENDER, AGE_BAND, QUESTION_ID, ANSWER_CODE, ANSWER_TEXT, STARTED_AT,
    ANSWERED_AT, COMPLETED_AT, ANSWER_STATUS, RESPONSE_STATUS,
) = range(19)  # fmt: skip


def read_only_snapshot(session: Session) -> None:
    """One read-only snapshot for the whole export, that never blocks the bot's writes.

    Wide columns and rows come from two statements, so on PostgreSQL both must see
    the same data (repeatable read). On SQLite a deferred transaction is a snapshot
    under WAL and, unlike the default BEGIN IMMEDIATE, leaves writers free.
    """
    if _dialect(session) == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    else:
        options = {"read_only": True}
    session.connection(execution_options=options)


def stream_batches(
    session: Session, statement: Select[Any], batch_size: int
) -> Iterator[list[Any]]:
    """Rows from a server-side cursor, ``batch_size`` at a time."""
    result = session.connection().execution_options(yield_per=batch_size).execute(statement)
    try:
        yield from result.partitions()
    finally:
        result.close()


def answers_statement(
    session: Session, filters: ResolvedFilters, index: PollIndex, *, wide: bool
) -> Select[Any]:
    """Answers joined to responses, residents and stations, by response then question order."""
    dialect = _dialect(session)
    question_order = case(index.positions, value=Answer.question_id, else_=len(index.positions))
    statement = select(
        Response.id,
        Resident.respondent_id,
        Response.wave,
        Response.poll_id,
        Response.poll_version,
        neutralised_expression(Station.code),
        neutralised_expression(Station.governorate),
        Response.channel,
        Response.language,
        Resident.gender,
        Resident.age_band,
        Answer.question_id,
        Answer.answer_code,
        Answer.answer_text,
        iso_utc_expression(Response.started_at, dialect),
        iso_utc_expression(Answer.answered_at, dialect),
        iso_utc_expression(Response.completed_at, dialect),
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


def wide_questions(session: Session, filters: ResolvedFilters, index: PollIndex) -> list[str]:
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


def _filtered(statement: Select[Any], filters: ResolvedFilters) -> Select[Any]:
    if filters.station_id is not None:
        statement = statement.where(Response.station_id == filters.station_id)
    if filters.start_utc is not None:
        statement = statement.where(Response.started_at >= filters.start_utc)
    if filters.end_utc is not None:
        statement = statement.where(Response.started_at < filters.end_utc)
    return statement


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name
