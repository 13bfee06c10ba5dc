"""Exports stream: thousands of answers come out right, in pieces, with flat memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from contextlib import closing

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import event, insert, select

from feedback_bot.models import Answer, Resident, Response, Station
from feedback_bot.services.export.answers import answers_csv, prepare_answers, python_answers_csv
from feedback_bot.services.export.filters import parse_request
from tests.support.export import TRUST_QUESTIONS, add_station, new_phone
from tests.support.settings import BACKEND

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
CHOICES = {"trust_police": 4, "safe_after_dark": 5, "police_respect": 4, "report_crime": 4}


def expected_code(response_number: int, question_index: int) -> int:
    question = TRUST_QUESTIONS[question_index]
    limit = CHOICES.get(question, 3)
    return (response_number + question_index) % limit + 1


def bulk_responses(runtime, count: int, *, first: int = 0) -> None:
    """``count`` completed trust responses, each from its own resident, six answers each."""
    with runtime.transaction() as session:
        station_id = session.scalar(select(Station.id)) or add_station(session).id
        phones = [new_phone() for _ in range(count)]
        resident_ids = session.scalars(
            insert(Resident).returning(Resident.id, sort_by_parameter_order=True),
            [
                {
                    "phone_lookup": runtime.vault.lookup_hash(phone),
                    "phone_encrypted": runtime.vault.encrypt(phone),
                    "respondent_id": runtime.vault.respondent_id(phone),
                    "channel": "sms",
                    "language": "kmr",
                    "station_id": station_id,
                    "gender": 2,
                    "age_band": 4,
                }
                for phone in phones
            ],
        ).all()
        response_ids = session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True),
            [
                {
                    "resident_id": resident_id,
                    "poll_id": "trust",
                    "poll_version": 1,
                    "wave": 1,
                    "station_id": station_id,
                    "channel": "sms",
                    "language": "kmr",
                    "status": "completed",
                    "started_at": T0 + dt.timedelta(minutes=first + n),
                    "completed_at": T0 + dt.timedelta(minutes=first + n, seconds=50),
                }
                for n, resident_id in enumerate(resident_ids)
            ],
        ).all()
        answers = []
        for n, response_id in enumerate(response_ids, start=first):
            # Stored in reverse question order; the export puts them in poll order.
            for q in reversed(range(len(TRUST_QUESTIONS))):
                is_comment = TRUST_QUESTIONS[q] == "comment"
                answers.append(
                    {
                        "response_id": response_id,
                        "question_id": TRUST_QUESTIONS[q],
                        "answer_code": None if is_comment else expected_code(n, q),
                        "answer_text": f"comment {n}" if is_comment else None,
                        "status": "answered",
                        "answered_at": T0 + dt.timedelta(minutes=first + n, seconds=q),
                    }
                )
        session.execute(insert(Answer), answers)


def stream(runtime, fmt="long", path=answers_csv, **kwargs):
    prepared = prepare_answers(runtime, parse_request(format=fmt))
    return path(runtime, prepared, **kwargs)


def test_thousands_of_answers_come_out_complete_and_in_order(runtime):
    bulk_responses(runtime, 800)
    rows = list(csv.reader(io.StringIO("".join(stream(runtime, batch_size=250)))))[1:]
    assert len(rows) == 800 * 6
    response_ids = [int(row[0]) for row in rows]
    assert response_ids == sorted(response_ids)
    for n in range(800):
        block = rows[n * 6 : n * 6 + 6]
        assert [row[11] for row in block] == list(TRUST_QUESTIONS)
        assert [row[12] for row in block[:5]] == [str(expected_code(n, q)) for q in range(5)]
        assert block[5][14] == f"comment {n}"
        assert {row[8] for row in block} == {"kmr"} and {row[9] for row in block} == {"2"}

    wide = list(csv.reader(io.StringIO("".join(stream(runtime, "wide", batch_size=250)))))
    assert wide[0][-6:] == list(TRUST_QUESTIONS)
    assert len(wide) == 1 + 800
    for n, row in enumerate(wide[1:]):
        assert row[-6:-1] == [str(expected_code(n, q)) for q in range(5)]
        assert row[-1] == f"comment {n}"


def test_first_piece_arrives_before_the_query_is_read_to_the_end(runtime):
    """The Python path (SQLite's, and the reference on PostgreSQL) reads a server-side cursor."""
    bulk_responses(runtime, 800)
    cursors = []

    def remember(conn, cursor, statement, *args):
        if "FROM responses" in statement and "ORDER BY" in statement:
            cursors.append(cursor)

    event.listen(runtime.engine, "after_cursor_execute", remember)
    try:
        with closing(stream(runtime, path=python_answers_csv, batch_size=100)) as pieces:
            first = next(pieces)
            assert first.startswith("response_id,")
            # The database cursor still has rows to give: nothing was read ahead in bulk.
            assert cursors and cursors[-1].fetchone() is not None
    finally:
        event.remove(runtime.engine, "after_cursor_execute", remember)


@pytest.mark.skipif(BACKEND != "postgresql", reason="COPY is PostgreSQL's")
def test_first_piece_arrives_while_copy_is_still_producing(runtime):
    bulk_responses(runtime, 800)
    connections = []

    def remember(dbapi_connection, record, proxy):
        connections.append(dbapi_connection)

    event.listen(runtime.engine, "checkout", remember)
    try:
        with closing(stream(runtime)) as pieces:
            first = next(pieces)
            assert first.startswith("response_id,")
            assert 1 < first.count("\r\n") < 1 + 800 * 6
            # COPY is still in progress: the server has rows left to give.
            assert connections[-1].info.transaction_status == TransactionStatus.ACTIVE
        # Closing early cancels the COPY and leaves the connection usable.
        assert connections[-1].info.transaction_status == TransactionStatus.IDLE
    finally:
        event.remove(runtime.engine, "checkout", remember)


def test_the_bot_can_write_while_an_export_is_being_read(runtime):
    bulk_responses(runtime, 400)
    with closing(stream(runtime, batch_size=100)) as pieces:
        next(pieces)
        with runtime.transaction() as session:
            add_station(session, "BSR-01", "Basra")
        rest = "".join(pieces)
    assert rest.endswith("answered\r\n")


def test_progress_is_reported_as_rows_are_written(runtime):
    bulk_responses(runtime, 250)
    calls = []
    text = "".join(
        stream(
            runtime,
            on_progress=lambda n, done: calls.append((n, done)),
            progress_every=500,
            batch_size=100,
        )
    )
    assert calls == [(500, False), (1000, False), (1500, False), (1500, True)]
    assert text.count("\r\n") == 1 + 1500


def peak_memory_of_export(runtime, fmt) -> int:
    tracemalloc.start()
    try:
        with closing(stream(runtime, fmt, batch_size=500)) as pieces:
            for _piece in pieces:
                pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_answers_grow(runtime):
    bulk_responses(runtime, 250)
    for fmt in ("long", "wide"):
        peak_memory_of_export(runtime, fmt)  # warm caches (compiled SQL, catalogs)
    small = {fmt: peak_memory_of_export(runtime, fmt) for fmt in ("long", "wide")}
    bulk_responses(runtime, 1750, first=250)  # eight times the answers
    large = {fmt: peak_memory_of_export(runtime, fmt) for fmt in ("long", "wide")}
    for fmt in ("long", "wide"):
        # Collecting 10,500 more rows (or their CSV text) would add megabytes.
        assert large[fmt] < small[fmt] + 1_000_000, (fmt, small[fmt], large[fmt])
