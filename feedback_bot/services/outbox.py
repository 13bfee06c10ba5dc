"""The outbox: every proactive message is a row first, then sent by a dispatcher.

``enqueue`` writes the row once per idempotency key. ``dispatch_outbox`` claims due
rows under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), applies the delivery
rules, sends outside any transaction and records each result in its own short
transaction. A row confirmed sent is never claimed again; a row whose dispatcher died
is claimed again once its lease has expired.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from feedback_bot.channels import transport_for
from feedback_bot.channels.base import Transport
from feedback_bot.models import OutboxMessage
from feedback_bot.runtime import Runtime
from feedback_bot.services import delivery
from feedback_bot.services import outbox_steps as steps
from feedback_bot.services.outbox_rows import insert_once
from feedback_bot.services.outbox_steps import DispatchReport

__all__ = ["DispatchReport", "dispatch_outbox", "enqueue"]

LEASE = dt.timedelta(minutes=5)
CHANNELS = ("sms", "whatsapp")


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
) -> DispatchReport:
    """Send what is due, at most ``limit`` rows, keeping each sender's rate; what was done."""
    transport = transport or transport_for(runtime)
    worker_id = worker_id or _worker_name()
    clock = clock or _clock_from(now)
    report = DispatchReport()
    quiet_until = delivery.quiet_hours_end(runtime.config, now)
    if quiet_until is not None:
        report.quiet_until = quiet_until
        report.waiting_quiet_hours = steps.postpone(runtime, now=now, until=quiet_until)
        return report
    while report.handled < limit:
        waits: list[float] = []
        handled_before = report.handled
        for channel in CHANNELS:
            claims, wait = steps.claim(
                runtime, channel, report, clock(), worker_id, limit - report.handled, lease
            )
            if wait is not None:
                waits.append(wait)
            for claim in claims:
                steps.deliver(runtime, transport, claim, report, clock)
        if report.handled > handled_before:
            continue
        if not waits:
            break
        sleep(min(waits))
    return report
