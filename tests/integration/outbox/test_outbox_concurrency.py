"""The outbox sends on a pool of threads: each row once, results recorded in batches, small claims."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from feedback_bot.runtime import get_runtime
from feedback_bot.services.outbox import steps as outbox_steps
from feedback_bot.services.outbox.dispatcher import CLAIMS_PER_THREAD, dispatch_outbox
from tests.support.outbox import NOW, FakeClock, add_resident, fake, outbox_rows, queue


def queue_many(runtime, n: int, *, prefix: str = "k") -> list[str]:
    keys = [f"{prefix}{i}" for i in range(n)]
    for i, key in enumerate(keys):
        queue(runtime, add_resident(runtime, f"+964770{i:07d}"), key)
    return keys


def claim_sizes(monkeypatch) -> list[int]:
    """Spy on the dispatcher's claims: the number of rows each one leased."""
    sizes: list[int] = []
    original = outbox_steps.claim

    def spy(*args, **kwargs):
        claims, wait = original(*args, **kwargs)
        sizes.append(len(claims))
        return claims, wait

    monkeypatch.setattr(outbox_steps, "claim", spy)
    return sizes


def test_concurrent_sending_sends_each_row_once_and_records_its_own_sid(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1000", OUTBOX_CONCURRENCY="4"))
    keys = queue_many(runtime, 60)
    transport = fake(runtime)
    original_send = transport.send
    # The first four sends wait for each other: they can only pass if four run at once.
    together = threading.Barrier(4, timeout=30)
    started = iter(range(10**6))

    def send(message):
        if next(started) < 4:
            together.wait()
        return original_send(message)

    transport.send = send
    report = dispatch_outbox(runtime, now=NOW)
    assert report.sent == 60
    assert sorted(m.reference for m in transport.messages) == sorted(keys)
    sid_of = {item.message.reference: item.provider_sid for item in transport.sent}
    rows = outbox_rows(runtime)
    assert {row.status for row in rows} == {"sent"}
    assert all(row.provider_sid == sid_of[row.idempotency_key] for row in rows)
    assert all(row.lease_until is None and row.attempts == 1 for row in rows)
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(hours=1)).handled == 0
    assert len(transport.messages) == 60


def test_a_batch_with_refusals_is_recorded_in_one_transaction(make_app, monkeypatch):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1000", OUTBOX_CONCURRENCY="3"))
    queue_many(runtime, 6)
    fake(runtime).fail_next(21211)
    fake(runtime).fail_network()
    batches: list[int] = []
    original = outbox_steps.record

    def spy(runtime, outcomes, report, now):
        batches.append(len(outcomes))
        return original(runtime, outcomes, report, now)

    monkeypatch.setattr(outbox_steps, "record", spy)
    clock = FakeClock()
    report = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert (report.sent, report.failed, report.retrying) == (4, 1, 1)
    assert batches == [6]
    rows = outbox_rows(runtime)
    assert sorted(row.status for row in rows) == [
        "failed",
        "pending",
        "sent",
        "sent",
        "sent",
        "sent",
    ]
    assert all(row.lease_until is None for row in rows)
    [failed] = [row for row in rows if row.status == "failed"]
    assert failed.error_code == "21211"
    [retry] = [row for row in rows if row.status == "pending"]
    assert retry.next_attempt_at == NOW + outbox_steps.FIRST_RETRY
    assert {row.provider_sid for row in rows if row.status == "sent"} == {
        item.provider_sid for item in fake(runtime).sent
    }


def test_a_crash_between_send_and_record_leaves_the_rows_leased(make_app, monkeypatch):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1000", OUTBOX_CONCURRENCY="4"))
    keys = queue_many(runtime, 5)

    def die(*_args, **_kwargs):
        raise RuntimeError("the dispatcher died before recording")

    monkeypatch.setattr(outbox_steps, "record", die)
    with pytest.raises(RuntimeError):
        dispatch_outbox(runtime, now=NOW)
    assert sorted(m.reference for m in fake(runtime).messages) == sorted(keys)
    rows = outbox_rows(runtime)
    assert {row.status for row in rows} == {"sending"}
    assert all(row.lease_until is not None and row.lease_until > NOW for row in rows)
    monkeypatch.undo()
    # Not sent again while the lease runs; sent again (at least once) after it expires.
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(minutes=1)).handled == 0
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(minutes=6)).sent == 5
    assert sorted(m.reference for m in fake(runtime).messages) == sorted(keys * 2)
    assert {row.status for row in outbox_rows(runtime)} == {"sent"}


def test_claims_are_bounded_by_the_pool(make_app, monkeypatch):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1000", OUTBOX_CONCURRENCY="3"))
    queue_many(runtime, 40)
    sizes = claim_sizes(monkeypatch)
    report = dispatch_outbox(runtime, now=NOW)
    assert report.sent == 40
    assert max(sizes) <= 3 * CLAIMS_PER_THREAD
    assert sum(sizes) == 40


def test_claims_are_bounded_by_one_second_of_the_rate(make_app, monkeypatch):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="4", OUTBOX_CONCURRENCY="16"))
    queue_many(runtime, 13)
    sizes = claim_sizes(monkeypatch)
    clock = FakeClock()
    report = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert report.sent == 13
    assert max(sizes) <= 4
    assert sum(sizes) == 13


def test_the_rate_holds_with_concurrent_senders(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="3", OUTBOX_CONCURRENCY="8"))
    queue_many(runtime, 14)
    clock = FakeClock()
    sent_at: list[dt.datetime] = []
    transport = fake(runtime)
    original_send = transport.send
    lock = threading.Lock()

    def timed_send(message):
        with lock:
            sent_at.append(clock())
        return original_send(message)

    transport.send = timed_send
    report = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert report.sent == 14
    # A one-second burst, then three per second: by t seconds at most 3 + 3t messages.
    for index, moment in enumerate(sorted(sent_at)):
        elapsed = (moment - NOW).total_seconds()
        assert index + 1 <= 3 + 3 * elapsed + 1e-6
    assert (max(sent_at) - NOW).total_seconds() >= (14 - 3) / 3 - 1e-6


def test_the_rate_holds_across_concurrent_dispatchers(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="2", OUTBOX_CONCURRENCY="8"))
    queue_many(runtime, 6)
    first = FakeClock()
    assert dispatch_outbox(runtime, now=NOW, limit=2, clock=first, sleep=first.sleep).sent == 2
    # Another dispatcher at the same moment, with its eight threads, finds no tokens left.
    second = FakeClock()
    report = dispatch_outbox(runtime, now=NOW, clock=second, sleep=second.sleep)
    assert report.sent == 4
    assert sum(second.slept) >= 1.5 - 1e-9
