"""Retention: the three RETENTION_* keys and never-consented residents, on an explicit clock."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import event, func, select, update

from feedback_bot.jobs import run_job
from feedback_bot.models import (
    Answer,
    LoginAttempt,
    OutboxMessage,
    ReceivedMessage,
    Resident,
    Station,
)
from feedback_bot.models.residents import NO_NUMBER
from feedback_bot.services.outbox import dispatcher as outbox
from feedback_bot.services.privacy import retention
from feedback_bot.services.reports.summary import weekly_summary
from tests.support.audit import entries
from tests.support.dashboard_seed import seed_week
from tests.support.privacy_walk import leftovers, trace_of
from tests.support.scheduling import add_resident, add_stations, local
from tests.support.talker import Talker

T0 = local(2026, 3, 1, 12, 0)
DAY = dt.timedelta(days=1)
WEEK = dt.date(2026, 3, 1)  # a Sunday: the week of the seeded answers
COMMENT = "call me on 0770 123 4567, I live by the station"


def count(runtime, model, *where) -> int:
    with runtime.transaction() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def purge(runtime, at, **kwargs):
    return retention.purge(runtime, now=at, **kwargs)


def completed_resident(runtime, phone="+9647701250001", at=T0) -> Talker:
    resident = Talker(runtime, phone)
    resident.conversation(["hello", "4", "1", "2", "1", "3"], at)
    thanks = resident.conversation(["1", "2", "1", "2", "1", COMMENT], at + dt.timedelta(hours=1))
    assert thanks.startswith("Thank you for your answers!")
    return resident


@pytest.fixture
def stations(runtime):
    with runtime.transaction() as session:
        add_stations(session)


def test_message_records_go_after_retention_message_days(stations, runtime):
    resident = completed_resident(runtime)
    assert count(runtime, ReceivedMessage) == 12
    assert purge(runtime, T0 + 29 * DAY).messages == 0
    assert count(runtime, ReceivedMessage) == 12
    counts = purge(runtime, T0 + 31 * DAY)
    assert counts.messages == 12
    assert count(runtime, ReceivedMessage) == 0
    # The resident and their answers stay; only the records of messages went.
    assert resident.resident_id() is not None and count(runtime, Answer) == 6


def test_finished_outgoing_messages_go_and_waiting_ones_stay(stations, runtime):
    with runtime.transaction() as session:
        station = session.scalar(select(Station).where(Station.code == "BGD-01"))
        resident = add_resident(session, runtime, "+9647701250002", station=station)
        for key, status in (("a", "delivered"), ("b", "failed"), ("c", "pending")):
            row = outbox.enqueue_for_resident(
                session, resident, key=key, kind="followup", body="hello", template_name=None,
                template_variables=None, now=T0,
            )  # fmt: skip
            row.status, row.updated_at = status, T0
    assert purge(runtime, T0 + 29 * DAY).outbox == 0
    assert purge(runtime, T0 + 31 * DAY).outbox == 2
    with runtime.transaction() as session:
        assert session.scalars(select(OutboxMessage.status)).all() == ["pending"]


def test_free_text_is_cleared_after_retention_comment_days_and_coded_answers_stay(
    stations, runtime
):
    completed_resident(runtime)
    with runtime.transaction() as session:
        before = session.execute(
            select(Answer.question_id, Answer.answer_code, Answer.status).order_by(Answer.id)
        ).all()
    assert purge(runtime, T0 + 179 * DAY).comments == 0
    assert count(runtime, Answer, Answer.answer_text == COMMENT) == 1
    assert purge(runtime, T0 + 181 * DAY).comments == 1
    with runtime.transaction() as session:
        after = session.execute(
            select(Answer.question_id, Answer.answer_code, Answer.status).order_by(Answer.id)
        ).all()
        assert session.scalar(select(func.count()).where(Answer.answer_text.is_not(None))) == 0
    assert after == before


def test_the_number_goes_a_contact_period_after_the_last_message_or_due_wave(stations, runtime):
    resident = completed_resident(runtime)  # waves fall due 30 and 90 days later
    last_wave = T0 + dt.timedelta(hours=1) + 90 * DAY

    def number():
        with runtime.transaction() as session:
            return session.scalar(
                select(Resident.phone_encrypted).where(Resident.id == resident.resident_id())
            )

    assert purge(runtime, T0 + 401 * DAY).numbers == 0  # the last wave is later than that
    assert number() != NO_NUMBER
    assert purge(runtime, last_wave + 399 * DAY).numbers == 0
    with runtime.transaction() as session:
        pseudonym = session.scalar(select(Resident.respondent_id))
    assert purge(runtime, last_wave + 401 * DAY).numbers == 1
    assert number() == NO_NUMBER
    with runtime.transaction() as session:
        assert session.scalar(select(Resident.respondent_id)) == pseudonym
    assert count(runtime, Answer) == 6  # the answers stay, under the pseudonym
    assert purge(runtime, last_wave + 402 * DAY).numbers == 0  # once is enough

    # Writing again brings the number back, so later waves and Open Days can reach them.
    resident.say("HELP", last_wave + 500 * DAY)
    assert runtime.vault.decrypt(number()) == resident.phone


def test_residents_who_never_consented_go_once_their_conversation_expires(stations, runtime):
    silent = Talker(runtime, "+9647701250003")
    silent.say("hello", T0)  # the language menu, never answered
    stopped = Talker(runtime, "+9647701250004")
    stopped.say("STOP", T0)  # no conversation left open at all
    consented = Talker(runtime, "+9647701250005")
    consented.conversation(["hello", "4", "1"], T0)
    trace = trace_of(runtime, [silent.resident_id()], phone=silent.phone, tokens=silent.sids)

    assert purge(runtime, T0 + dt.timedelta(hours=23)).unconsented == 0
    assert silent.resident_id() is not None
    counts = purge(runtime, T0 + dt.timedelta(hours=25))
    assert counts.unconsented == 2
    assert silent.resident_id() is None and stopped.resident_id() is None
    assert leftovers(runtime, trace) == []
    assert consented.resident_id() is not None


def test_a_resident_answering_again_is_not_purged_mid_conversation(stations, runtime):
    resident = Talker(runtime, "+9647701250006")
    resident.say("hello", T0)
    resident.say("4", T0 + dt.timedelta(hours=20))  # now at the consent question
    assert purge(runtime, T0 + dt.timedelta(hours=30)).unconsented == 0
    assert purge(runtime, T0 + dt.timedelta(hours=45)).unconsented == 1


def test_old_sign_in_failures_go(runtime):
    with runtime.transaction() as session:
        session.add_all(
            [LoginAttempt(key="k", attempted_at=T0), LoginAttempt(key="k", attempted_at=T0 + DAY)]
        )
    assert purge(runtime, T0 + dt.timedelta(hours=30)).login_attempts == 1
    assert count(runtime, LoginAttempt) == 1


def test_the_purge_works_in_short_batches(stations, runtime):
    for i in range(5):
        Talker(runtime, f"+964770126000{i}").say("hello", T0)
    commits = []

    def committed(_connection) -> None:
        commits.append(1)

    event.listen(runtime.engine, "commit", committed)
    try:
        counts = purge(runtime, T0 + 40 * DAY, batch_size=2)
    finally:
        event.remove(runtime.engine, "commit", committed)
    assert counts.unconsented == 5 and counts.batches == 3
    assert len(commits) >= counts.batches  # each batch committed on its own


def test_job_and_command_print_counts_only_and_are_audited(stations, runner, runtime):
    resident = completed_resident(runtime)
    summary = run_job("purge", runtime, now=T0 + 31 * DAY)
    assert summary.startswith("purge: 12 incoming and 0 outgoing message records deleted")
    result = runner.invoke(args=["jobs", "run", "purge", "--now", "2026-09-01T12:00"])
    assert result.exit_code == 0, result.output
    assert "1 free-text answers cleared" in result.output
    for text in (summary, result.output):
        assert resident.phone not in text and "770" not in text and "call me" not in text
    first, second = [e for e in entries(runtime) if e.action == "retention.purge"]
    assert (first.actor, first.source) == ("worker", "worker")
    assert second.source == "cli"
    assert first.details["counts"]["messages"] == 12
    assert second.details["counts"]["comments"] == 1


def _export(runner, tmp_path, fmt):
    out = tmp_path / f"{fmt}.csv"
    result = runner.invoke(args=["export", "answers", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_summaries_and_exports_are_unchanged_but_for_the_cleared_free_text(
    stations, runner, runtime, tmp_path
):
    with runtime.transaction() as session:
        station = session.scalar(select(Station).where(Station.code == "BGD-01"))
        seed_week(session, runtime.vault, station, WEEK)
        session.execute(update(Resident).values(created_at=T0))  # first seen on the clock here
        for answer_id, text in zip(
            session.scalars(select(Answer.id).limit(3)), "abc", strict=False
        ):
            answer = session.get(Answer, answer_id)
            answer.answer_code, answer.answer_text = None, f"comment {text}"
    completed_resident(runtime, at=local(2026, 3, 3, 10, 0))

    def summary():
        with runtime.transaction() as session:
            return weekly_summary(session, runtime, "BGD-01", WEEK, now=T0 + 900 * DAY)

    before = (summary(), _export(runner, tmp_path, "long"), _export(runner, tmp_path, "wide"))
    counts = purge(runtime, T0 + 900 * DAY)  # every rule applies by then
    assert counts.comments == 4 and counts.numbers == 13 and counts.messages == 12
    after = (summary(), _export(runner, tmp_path, "long"), _export(runner, tmp_path, "wide"))

    assert after[0] == before[0]
    assert len(after[1]) == len(before[1])
    for old, new in zip(before[1], after[1], strict=True):
        assert new["answer_text"] == ""
        assert {**old, "answer_text": ""} == new
    assert [row["response_id"] for row in after[2]] == [row["response_id"] for row in before[2]]
    changed = 0
    for old, new in zip(before[2], after[2], strict=True):
        differing = {k for k in old if old[k] != new[k]}
        assert differing <= {"comment"} | {q for q in old if old[q].startswith("comment ")}
        changed += bool(differing)
    assert changed == 2  # the seeded response with text answers, and the resident's comment
