"""The outbox: queued once, sent once, retried with backoff, leases that expire, final errors."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from feedback_bot.jobs import outbox as outbox_job
from feedback_bot.models import Resident
from feedback_bot.services.outbox import steps as outbox_steps
from feedback_bot.services.outbox.dispatcher import dispatch_outbox
from feedback_bot.services.outbox.steps import DispatchReport
from tests.support.outbox import NOW, add_resident, fake, outbox_row, outbox_rows, queue

PHONE = "+9647701234567"


def test_the_same_key_is_queued_once_and_the_first_message_is_kept(runtime):
    resident = add_resident(runtime, PHONE)
    first = queue(runtime, resident, "followup:1:2", body="first")
    assert first is not None
    assert queue(runtime, resident, "followup:1:2", body="second") is None
    rows = outbox_rows(runtime)
    assert [(row.idempotency_key, row.body) for row in rows] == [("followup:1:2", "first")]


def test_concurrent_enqueues_of_one_key_make_one_row(runtime):
    resident = add_resident(runtime, PHONE)
    workers = 6
    barrier = threading.Barrier(workers)

    def attempt(n):
        barrier.wait()
        return queue(runtime, resident, "digest:7:2026-11-22", body=f"copy {n}")

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(attempt, range(workers)))
    assert sum(result is not None for result in results) == 1
    assert len(outbox_rows(runtime)) == 1


def test_a_due_message_is_sent_once_with_its_body_to_the_decrypted_number(runtime):
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1", body="Your Open Day is tomorrow")
    report = dispatch_outbox(runtime, now=NOW)
    assert report.sent == 1
    [message] = fake(runtime).messages
    assert (message.to, message.channel, message.body) == (
        PHONE,
        "sms",
        "Your Open Day is tomorrow",
    )
    row = outbox_row(runtime, row_id)
    assert row.status == "sent" and row.provider_sid == fake(runtime).sent[0].provider_sid
    # Later runs never send a confirmed row again.
    dispatch_outbox(runtime, now=NOW + dt.timedelta(hours=2))
    assert len(fake(runtime).messages) == 1


def test_a_message_waits_for_its_not_before_time(runtime):
    resident = add_resident(runtime, PHONE)
    queue(runtime, resident, "k1", not_before=NOW + dt.timedelta(hours=1))
    assert dispatch_outbox(runtime, now=NOW).sent == 0
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(hours=1)).sent == 1


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(lambda t: t.fail_network(), id="network"),
        pytest.param(lambda t: t.fail_next(20500, status=500), id="http-500"),
        pytest.param(lambda t: t.fail_next(63018, status=429), id="63018-rate-limit"),
        pytest.param(lambda t: t.fail_next(21611, status=400), id="21611-queue-full"),
    ],
)
def test_temporary_failures_are_retried_later_with_growing_backoff(runtime, failure):
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1")
    failure(fake(runtime))
    failure(fake(runtime))
    report = dispatch_outbox(runtime, now=NOW)
    assert (report.sent, report.retrying) == (0, 1)
    first_retry = outbox_row(runtime, row_id).next_attempt_at
    assert outbox_row(runtime, row_id).status == "pending"
    assert dispatch_outbox(runtime, now=first_retry - dt.timedelta(seconds=1)).handled == 0
    assert dispatch_outbox(runtime, now=first_retry).retrying == 1
    second_retry = outbox_row(runtime, row_id).next_attempt_at
    assert second_retry - first_retry > first_retry - NOW
    assert dispatch_outbox(runtime, now=second_retry).sent == 1
    assert len(fake(runtime).messages) == 1


def test_after_many_temporary_failures_the_message_is_given_up(runtime):
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1")
    fake(runtime).fail_network(times=outbox_steps.MAX_ATTEMPTS)
    now = NOW
    for _ in range(outbox_steps.MAX_ATTEMPTS):
        dispatch_outbox(runtime, now=now)
        now += dt.timedelta(days=1)
    row = outbox_row(runtime, row_id)
    assert row.status == "failed" and row.attempts == outbox_steps.MAX_ATTEMPTS
    assert dispatch_outbox(runtime, now=now).handled == 0


@pytest.mark.parametrize("code", [21211, 21614, 63021])
def test_permanent_errors_are_final_and_keep_their_code(runtime, code):
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1")
    fake(runtime).fail_next(code)
    assert dispatch_outbox(runtime, now=NOW).failed == 1
    row = outbox_row(runtime, row_id)
    assert (row.status, row.error_code) == ("failed", str(code))
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(days=1)).handled == 0
    assert fake(runtime).messages == []


def test_21610_marks_the_resident_opted_out_and_skips_their_other_messages(runtime):
    resident = add_resident(runtime, PHONE)
    other = add_resident(runtime, "+9647711111111")
    first = queue(runtime, resident, "a")
    later = queue(runtime, resident, "b", not_before=NOW + dt.timedelta(days=1))
    someone_else = queue(runtime, other, "c", not_before=NOW + dt.timedelta(days=1))
    fake(runtime).fail_next(21610)
    dispatch_outbox(runtime, now=NOW)
    with runtime.transaction() as session:
        assert session.get(Resident, resident).opted_out is True
        assert session.get(Resident, other).opted_out is False
    assert outbox_row(runtime, first).error_code == "21610"
    assert (outbox_row(runtime, later).status, outbox_row(runtime, later).skip_reason) == (
        "skipped",
        "opted_out",
    )
    dispatch_outbox(runtime, now=NOW + dt.timedelta(days=2))
    assert [m.to for m in fake(runtime).messages] == ["+9647711111111"]
    assert outbox_row(runtime, someone_else).status == "sent"


def test_rows_claimed_by_a_dispatcher_that_died_are_sent_after_the_lease_expires(runtime):
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1")
    # A dispatcher claims the row, then its process dies before sending.
    claims, _ = outbox_steps.claim(
        runtime, "sms", DispatchReport(), NOW, "dead-worker", 10, dt.timedelta(minutes=5)
    )
    assert [claim.row_id for claim in claims] == [row_id]
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(minutes=1)).handled == 0
    report = dispatch_outbox(runtime, now=NOW + dt.timedelta(minutes=6))
    assert report.sent == 1
    assert len(fake(runtime).messages) == 1
    assert outbox_row(runtime, row_id).attempts == 2


def test_concurrent_dispatchers_send_every_row_exactly_once(make_app):
    from feedback_bot.runtime import get_runtime

    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1000"))
    residents = [add_resident(runtime, f"+96477000000{n:02d}") for n in range(30)]
    for n, resident in enumerate(residents):
        queue(runtime, resident, f"k{n}")
    workers = 4
    barrier = threading.Barrier(workers)

    def dispatcher(n):
        barrier.wait()
        return dispatch_outbox(runtime, now=NOW, worker_id=f"w{n}").sent

    with ThreadPoolExecutor(workers) as pool:
        sent = list(pool.map(dispatcher, range(workers)))
    assert sum(sent) == 30
    references = [message.reference for message in fake(runtime).messages]
    assert sorted(references) == sorted(f"k{n}" for n in range(30))
    assert {row.status for row in outbox_rows(runtime)} == {"sent"}


def test_the_job_summarises_what_it_did_without_personal_data(runtime):
    resident = add_resident(runtime, PHONE)
    queue(runtime, resident, "k1")
    queue(runtime, resident, "k2")
    fake(runtime).fail_next(21211)
    line = outbox_job.run(runtime, now=NOW)
    assert line == "outbox: 1 sent, 0 to retry, 1 failed, 0 skipped"
    assert "7701234567" not in line


def test_jobs_run_outbox_command_sends_due_messages(app, runtime):
    resident = add_resident(runtime, PHONE)
    queue(runtime, resident, "k1")
    result = app.test_cli_runner().invoke(args=["jobs", "run", "outbox", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert len(fake(runtime).messages) == 1


@pytest.mark.parametrize(
    ("setting", "kind"),
    [("console", "ConsoleTransport"), ("twilio", "TwilioTransport"), ("fake", "FakeTransport")],
)
def test_the_configured_transport_is_built_once_per_app(make_app, setting, kind):
    from feedback_bot.channels import get_transport, transport_for
    from feedback_bot.runtime import get_runtime

    app = make_app(MESSAGE_TRANSPORT=setting)
    transport = get_transport(app)
    assert type(transport).__name__ == kind
    assert transport_for(get_runtime(app)) is transport
    assert get_transport(make_app(MESSAGE_TRANSPORT=setting)) is not transport
