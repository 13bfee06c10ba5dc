"""The outbox: every proactive message is a row first, then sent by a dispatcher.

``enqueue`` writes the row once per idempotency key. ``dispatch_outbox`` claims due
rows under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), applies the delivery
rules, sends outside any transaction from a bounded pool of threads and records the
results in batches, each in one short transaction. A row confirmed sent is never
claimed again; a row whose dispatcher died (sent or not, but unrecorded) is claimed
again once its lease has expired.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import queue
import socket
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.orm import Session

from feedback_bot.channels import transport_for
from feedback_bot.channels.base import SendError, Transport
from feedback_bot.models import OutboxMessage, Resident
from feedback_bot.models.residents import NO_NUMBER
from feedback_bot.runtime import Runtime
from feedback_bot.services.outbox import delivery, steps
from feedback_bot.services.outbox.rows import insert_once
from feedback_bot.services.outbox.steps import DispatchReport

__all__ = ["DispatchReport", "dispatch_outbox", "enqueue"]

LEASE = dt.timedelta(minutes=5)
CHANNELS = ("sms", "whatsapp")
DEFAULT_CONCURRENCY = 16
# Rows claimed and not yet sent, per sending thread: enough to keep the threads busy
# between claims, few enough that a killed dispatcher strands little.
CLAIMS_PER_THREAD = 4
RECORD_BATCH = 50  # results per recording transaction
RECORD_DELAY = 0.2  # seconds a result may wait for its batch


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    channel: str,
    to_encrypted: str,
    language: str,
    body: str | None = None,
    template_name: str | None = None,
    template_variables: dict[str, Any] | None = None,
    resident_id: int | None = None,
    user_id: int | None = None,
    not_before: dt.datetime | None = None,
    now: dt.datetime,
) -> OutboxMessage | None:
    """Queue one logical message; None (and no change) if ``key`` was queued before."""
    return insert_once(
        session,
        {
            "idempotency_key": key,
            "kind": kind,
            "channel": channel,
            "to_encrypted": to_encrypted,
            "language": language,
            "body": body,
            "template_name": template_name,
            "template_variables": template_variables,
            "resident_id": resident_id,
            "user_id": user_id,
            "next_attempt_at": max(now, not_before) if not_before else now,
        },
        now=now,
    )


def enqueue_for_resident(
    session: Session,
    resident: Resident,
    *,
    key: str,
    kind: str,
    body: str,
    template_name: str | None,
    template_variables: dict[str, Any] | None,
    now: dt.datetime,
) -> OutboxMessage | None:
    """Queue a message to ``resident`` on their channel, in their language (see ``enqueue``).

    None, and nothing queued, when retention has deleted the resident's number.
    """
    if resident.phone_encrypted == NO_NUMBER:
        return None
    return enqueue(
        session,
        key=key,
        kind=kind,
        channel=resident.channel,
        to_encrypted=resident.phone_encrypted,
        language=resident.language,
        body=body,
        template_name=template_name,
        template_variables=template_variables,
        resident_id=resident.id,
        now=now,
    )


def _worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _clock_from(now: dt.datetime) -> Callable[[], dt.datetime]:
    """``now``, moving on with real time (so ``--now`` fixes the start, not a frozen clock)."""
    started = time.monotonic()
    return lambda: now + dt.timedelta(seconds=time.monotonic() - started)


def dispatch_outbox(
    runtime: Runtime,
    *,
    now: dt.datetime,
    limit: int = 1000,
    worker_id: str | None = None,
    transport: Transport | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    lease: dt.timedelta = LEASE,
    concurrency: int | None = None,
) -> DispatchReport:
    """Send what is due, at most ``limit`` rows, keeping each sender's rate; what was done.

    ``concurrency`` sending threads (OUTBOX_CONCURRENCY) send the claimed rows.
    """
    transport = transport or transport_for(runtime)
    report = DispatchReport()
    quiet_until = delivery.quiet_hours_end(runtime.config, now)
    if quiet_until is not None:
        report.quiet_until = quiet_until
        report.waiting_quiet_hours = steps.postpone(runtime, now=now, until=quiet_until)
        return report
    threads = concurrency or runtime.config.get("OUTBOX_CONCURRENCY", DEFAULT_CONCURRENCY)
    with ThreadPoolExecutor(threads, thread_name_prefix="outbox-send") as pool:
        _Pipeline(
            runtime,
            transport,
            pool,
            threads,
            report,
            clock=clock or _clock_from(now),
            sleep=sleep,
            worker_id=worker_id or _worker_name(),
            lease=lease,
            limit=limit,
        ).run()
    return report


class _Pipeline:
    """Claims a little at a time, sends on the pool, records results in batches.

    At most ``threads × CLAIMS_PER_THREAD`` rows are claimed and unsent at any moment,
    and each claim takes no more than the sender's bucket holds (one second's worth), so
    a dispatcher that dies strands few leased rows. Rows are topped up once no more than
    one per thread is left, so the threads keep busy without one claim per row.
    """

    def __init__(
        self,
        runtime: Runtime,
        transport: Transport,
        pool: ThreadPoolExecutor,
        threads: int,
        report: DispatchReport,
        *,
        clock: Callable[[], dt.datetime],
        sleep: Callable[[float], None],
        worker_id: str,
        lease: dt.timedelta,
        limit: int,
    ) -> None:
        self.runtime, self.transport, self.pool, self.report = runtime, transport, pool, report
        self.clock, self.sleep, self.worker_id, self.lease = clock, sleep, worker_id, lease
        self.limit = limit
        self.low_water = threads
        self.capacity = threads * CLAIMS_PER_THREAD
        self.results: queue.SimpleQueue[steps.SendOutcome] = queue.SimpleQueue()
        self.in_flight = 0
        self.unrecorded: list[steps.SendOutcome] = []
        self.first_unrecorded_at = dt.datetime.min.replace(tzinfo=dt.UTC)
        self.tokens_at: dict[str, dt.datetime] = {}  # a channel waiting for its rate
        self.drained: set[str] = set()  # nothing due on this channel (until the next record)
        self.turn = 0

    def run(self) -> None:
        while True:
            claimed = self._top_up() if self.in_flight <= self.low_water else False
            if self.in_flight:
                self._collect()
                continue
            if claimed:
                continue
            wait = self._token_wait()
            if self.unrecorded and (wait is None or self._age() + wait >= RECORD_DELAY):
                self._flush()  # a refusal may have queued a template: claim once more
                continue
            if wait is None:
                return
            self.sleep(wait)

    def _room(self) -> int:
        claimed = self.report.handled + self.in_flight + len(self.unrecorded)
        return min(self.limit - claimed, self.capacity - self.in_flight)

    def _top_up(self) -> bool:
        """Claim what the rate and the room allow on each channel; True if any row moved."""
        moved = False
        self.turn += 1
        for channel in CHANNELS[self.turn % 2 :] + CHANNELS[: self.turn % 2]:
            room = self._room()
            if room <= 0:
                break
            now = self.clock()
            if channel in self.drained or now < self.tokens_at.get(channel, now):
                continue
            handled = self.report.handled
            claims, wait = steps.claim(
                self.runtime, channel, self.report, now, self.worker_id, room, self.lease
            )
            self.tokens_at.pop(channel, None)
            if wait is not None:
                # Rounded up to the clock's microsecond, or a wait of 1e-7 s would never end.
                self.tokens_at[channel] = now + dt.timedelta(microseconds=math.ceil(wait * 1e6))
            elif not claims and self.report.handled == handled:
                self.drained.add(channel)
            moved = moved or bool(claims) or self.report.handled > handled
            for claim in claims:
                self.in_flight += 1
                self.pool.submit(self._send, claim)
        return moved

    def _send(self, claim: steps.Claim) -> None:
        outcome = steps.SendOutcome(claim, error=SendError(None, None))
        try:
            outcome = steps.send(self.runtime, self.transport, claim)
        finally:
            self.results.put(outcome)

    def _token_wait(self) -> float | None:
        """Seconds until a waiting channel has a token again; None if none waits (or no room)."""
        if not self.tokens_at or self._room() <= 0:
            return None
        now = self.clock()
        return max(0.0, min((at - now).total_seconds() for at in self.tokens_at.values()))

    def _age(self) -> float:
        return (self.clock() - self.first_unrecorded_at).total_seconds()

    def _collect(self) -> None:
        """Take the results that are ready (waiting for one at most until something is due)."""
        timeouts = [RECORD_DELAY - self._age()] if self.unrecorded else []
        if self.in_flight <= self.low_water and (wait := self._token_wait()) is not None:
            timeouts.append(wait)
        outcomes: list[steps.SendOutcome] = []
        try:
            outcomes.append(self.results.get(timeout=max(0.0, min(timeouts, default=60.0))))
            while True:
                outcomes.append(self.results.get_nowait())
        except queue.Empty:
            pass
        if outcomes and not self.unrecorded:
            self.first_unrecorded_at = self.clock()
        self.in_flight -= len(outcomes)
        self.unrecorded += outcomes
        if self.unrecorded and (
            len(self.unrecorded) >= RECORD_BATCH or self._age() >= RECORD_DELAY
        ):
            self._flush()

    def _flush(self) -> None:
        steps.record(self.runtime, self.unrecorded, self.report, self.clock())
        self.unrecorded = []
        self.drained.clear()
