"""The audit log: append-only, hash-chained, readable; ``audit verify`` finds any tampering."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from feedback_bot.models import AuditEntry
from feedback_bot.services import audit
from tests.conftest import BACKEND
from tests.support.audit import ANALYST, START, entries, tamper, write_entries

postgres_only = pytest.mark.skipif(BACKEND != "postgresql", reason="a PostgreSQL trigger")


def verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_an_untouched_log_verifies_and_names_its_newest_entry(runner, runtime):
    write_entries(runtime, 5)
    result = verify(runner)
    assert result.exit_code == 0, result.output
    head = entries(runtime)[-1]
    assert f"5 entries; the newest is #5 with hash {head.hash}" in result.output


def test_an_empty_log_verifies(runner):
    result = verify(runner)
    assert result.exit_code == 0 and "0 entries" in result.output


def test_each_entry_links_to_the_one_before(runtime):
    write_entries(runtime, 3)
    rows = entries(runtime)
    assert [row.seq for row in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert len({row.hash for row in rows}) == 3


def test_an_edited_entry_is_found(runner, runtime):
    write_entries(runtime, 5)
    tamper(runtime, "UPDATE audit_log SET actor = 'someone_else' WHERE seq = 3")
    result = verify(runner)
    assert result.exit_code == 1
    assert "entry #3 was changed after it was written" in result.output


def test_edited_details_are_found(runner, runtime):
    write_entries(runtime, 4)
    with runtime.transaction() as session:
        original = session.get(AuditEntry, 2).details
    assert original["rows"] == 11
    edited = '{"filters": {"station": "BGD-01"}, "format": "long", "rows": 1}'
    tamper(runtime, f"UPDATE audit_log SET details = '{edited}' WHERE seq = 2")
    result = verify(runner)
    assert result.exit_code == 1 and "entry #2 was changed" in result.output


def test_a_deleted_entry_is_found(runner, runtime):
    write_entries(runtime, 5)
    tamper(runtime, "DELETE FROM audit_log WHERE seq = 2")
    result = verify(runner)
    assert result.exit_code == 1
    assert "entry #2 missing before #3" in result.output


def test_a_deleted_entry_with_the_rest_renumbered_is_found(runner, runtime):
    write_entries(runtime, 5)
    tamper(
        runtime,
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_log SET seq = seq + 100 WHERE seq > 2",
        "UPDATE audit_log SET seq = seq - 101 WHERE seq > 100",
    )
    assert [row.seq for row in entries(runtime)] == [1, 2, 3, 4]
    result = verify(runner)
    assert result.exit_code == 1
    assert "entry #2 does not follow #1" in result.output


def test_swapped_entries_are_found(runner, runtime):
    write_entries(runtime, 5)
    tamper(
        runtime,
        "UPDATE audit_log SET seq = 100 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = 100",
    )
    result = verify(runner)
    assert result.exit_code == 1
    assert "#3" in result.output and "#4" in result.output


def test_a_forged_first_entry_is_found(runner, runtime):
    write_entries(runtime, 2)
    tamper(runtime, f"UPDATE audit_log SET prev_hash = '{'1' * 64}' WHERE seq = 1")
    result = verify(runner)
    assert result.exit_code == 1 and "entry #1" in result.output


@postgres_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
def test_postgresql_itself_refuses_to_change_or_remove_entries(runtime, statement):
    write_entries(runtime, 2)
    with pytest.raises(DBAPIError, match="append-only"), runtime.engine.begin() as connection:
        connection.execute(text(statement))
    assert len(entries(runtime)) == 2


@postgres_only
def test_concurrent_writers_make_one_unbroken_chain(runner, runtime):
    errors: list[BaseException] = []

    def writer(i: int) -> None:
        try:
            for j in range(5):
                with runtime.transaction() as session:
                    audit.record(session, ANALYST, "export.codebook", details={"rows": i * 10 + j})
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [row.seq for row in entries(runtime)] == list(range(1, 41))
    assert verify(runner).exit_code == 0


def test_an_entry_rolls_back_with_its_action(runtime):
    with pytest.raises(RuntimeError), runtime.transaction() as session:
        audit.record(session, ANALYST, "export.answers", details={"rows": 3})
        raise RuntimeError("the export failed")
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize(
    "details",
    [
        {"filters": {"station": "+9647701234567"}},
        {"filters": {"station": "07701234567"}},
        {"filters": {"station": "0770-123-4567"}},
        {"filters": {"station": "0770–123–4567"}},
        {"filters": {"station": "٠٧٧٠١٢٣٤٥٦٧"}},
        {"filters": {"station": "۰۷۷۰۱۲۳۴۵۶۷"}},
        {"filters": {"station": "０７７０１２３４５６７"}},
        {"rows": 9647701234567},
        {"counts": {"residents": 7701234567}},
        {"comment": "the police were kind"},
        {"reason": "I live next to the station, my name is Ahmed, call me"},
        {"reason": "two\nlines"},
        {"filters": {"Answer Text": "x"}},
        {"filters": {"station": b"BGD-01"}},
    ],
)
def test_record_refuses_numbers_free_text_and_unknown_details(runtime, details):
    with pytest.raises(audit.AuditRefused), runtime.transaction() as session:
        audit.record(session, ANALYST, "export.answers", details=details)
    assert entries(runtime) == []


def test_record_refuses_a_number_as_actor_or_target(runtime):
    with runtime.transaction() as session:
        with pytest.raises(audit.AuditRefused):
            audit.record(session, audit.Actor("9647701234567", "cli"), "user.create")
        with pytest.raises(audit.AuditRefused):
            audit.record(session, ANALYST, "user.create", target="+964-770-123-4567")


def test_record_takes_dates_codes_and_counts(runtime):
    details = {
        "format": "wide",
        "filters": {"station": "BGD-01", "since": "2026-03-01", "until": "2026-03-31"},
        "rows": 120_000,
        "counts": {"residents": 1, "answers": 6},
        "complete": True,
    }
    with runtime.transaction() as session:
        audit.record(session, ANALYST, "export.answers", details=details)
    [entry] = entries(runtime)
    assert entry.details == details


def test_list_filters_by_day_actor_and_action_family(runner, runtime):
    write_entries(runtime, 2, start=dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC))
    write_entries(runtime, 1, start=START)
    with runtime.transaction() as session:
        audit.record(session, audit.Actor("root", "cli"), "user.create", target="noor", now=START)
    everything = runner.invoke(args=["audit", "list"])
    assert everything.exit_code == 0, everything.output
    lines = everything.output.strip().splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == ["#1", "#2", "#3", "#4"]
    assert lines[-1] == "4 entries."
    assert "2026-11-30 11:00:00+0300\tamal\tapi\texport.answers\t-\t" in lines[0]
    assert '"rows": 10' in lines[0]
    since = runner.invoke(args=["audit", "list", "--since", "2026-12-01"])
    assert since.output.strip().splitlines()[-1] == "2 entries."
    by_actor = runner.invoke(args=["audit", "list", "--actor", "root"])
    assert "#4\t" in by_actor.output and "user.create\tnoor" in by_actor.output
    assert by_actor.output.strip().splitlines()[-1] == "1 entries."
    family = runner.invoke(args=["audit", "list", "--action", "export"])
    assert family.output.strip().splitlines()[-1] == "3 entries."
    exact = runner.invoke(args=["audit", "list", "--action", "export.answers", "--actor", "amal"])
    assert exact.output.strip().splitlines()[-1] == "3 entries."


def test_list_refuses_a_bad_date_in_one_sentence(runner):
    result = runner.invoke(args=["audit", "list", "--since", "yesterday"])
    assert result.exit_code == 1
    assert "since must be a date written YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output
