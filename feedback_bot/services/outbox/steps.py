"""The steps of one dispatch: postpone for quiet hours, claim under a lease, send, record.

Claims happen in one short transaction per sender (the sender's token bucket locked,
rows locked ``FOR UPDATE SKIP LOCKED`` on PostgreSQL); sending happens with no
transaction open, on the dispatcher's sending threads; results are recorded a batch at a
time, each batch in one short transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from feedback_bot.channels.base import SendError, Transport
from feedback_bot.messaging import OutboundMessage, SendResult
from feedback_bot.models import OutboxMessage, Resident, User
from feedback_bot.runtime import Runtime
from feedback_bot.services.outbox import delivery
from feedback_bot.services.outbox.rate import lock_bucket

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(seconds=30)
LAST_RETRY = dt.timedelta(hours=1)


@dataclass
class DispatchReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    waiting_quiet_hours: int = 0
    quiet_until: dt.datetime | None = None

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.retrying + sum(self.skipped.values())


@dataclass(frozen=True)
class Claim:
    row_id: int
    resident_id: int | None
    channel: str
    to_encrypted: str
    key: str
    attempts: int
    plan: delivery.Plan


def postpone(runtime: Runtime, *, now: dt.datetime, until: dt.datetime) -> int:
    """Quiet hours: every due row waits for their end instead of going out now."""
    with runtime.transaction() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(_due(now))
            .values(status="pending", next_attempt_at=until, lease_until=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount


def _due(now: dt.datetime):
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
    )


def _lock_due_ids(session: Session, channel: str, now: dt.datetime, batch: int) -> list[int]:
    """Lock up to ``batch`` due row ids: abandoned leases first, then pending rows by due time.

    Two queries rather than one with an OR: each walks ``ix_outbox_status_next`` in order
    and stops at the LIMIT, instead of sorting every due row of the channel under the lock.
    Only ids are locked here; recipients are joined afterwards.
    """

    def lock(condition, order, limit: int) -> list[int]:
        return list(
            session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.channel == channel, condition)
                .order_by(order, OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )

    abandoned = lock(
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
        OutboxMessage.lease_until,
        batch,
    )
    if len(abandoned) >= batch:
        return abandoned
    pending = lock(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        OutboxMessage.next_attempt_at,
        batch - len(abandoned),
    )
    return abandoned + pending


def _recipient(resident: Resident | None, user: User | None) -> delivery.Recipient:
    if resident is not None:
        return delivery.Recipient(
            opted_out=resident.opted_out,
            consented=resident.consented_at is not None,
            last_whatsapp_inbound_at=resident.last_whatsapp_inbound_at,
        )
    if user is not None:
        return delivery.Recipient(active=user.is_active, is_staff=True)
    return delivery.Recipient(is_staff=True)


def claim(
    runtime: Runtime,
    channel: str,
    report: DispatchReport,
    now: dt.datetime,
    worker_id: str,
    room: int,
    lease: dt.timedelta,
) -> tuple[list[Claim], float | None]:
    """Lease due rows of one channel that the rate allows; skip those the rules forbid.

    Returns the claims and, when due rows wait for the rate, the seconds to wait.
    """
    with runtime.transaction() as session:
        bucket = lock_bucket(session, channel, runtime.config["OUTBOX_RATE_PER_SECOND"], now)
        batch = min(room, max(1, bucket.available))
        ids = _lock_due_ids(session, channel, now, batch)
        rows = session.execute(
            select(OutboxMessage, Resident, User)
            .outerjoin(Resident, Resident.id == OutboxMessage.resident_id)
            .outerjoin(User, User.id == OutboxMessage.user_id)
            .where(OutboxMessage.id.in_(ids))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        ).all()
        claims: list[Claim] = []
        wait = None
        for row, resident, user in rows:
            plan = delivery.plan_delivery(row, _recipient(resident, user), runtime.config, now)
            if not plan.sends:
                row.status, row.skip_reason, row.updated_at = "skipped", plan.skip_reason, now
                row.lease_until = None
                report.skipped[plan.skip_reason] += 1
                continue
            if bucket.available < 1:
                wait = bucket.seconds_until_next()
                continue
            bucket.take()
            row.status, row.lease_until, row.claimed_by = "sending", now + lease, worker_id
            row.attempts += 1
            row.content_sid = plan.content_sid
            row.updated_at = now
            claims.append(
                Claim(
                    row_id=row.id,
                    resident_id=row.resident_id,
                    channel=row.channel,
                    to_encrypted=row.to_encrypted,
                    key=row.idempotency_key,
                    attempts=row.attempts,
                    plan=plan,
                )
            )
    return claims, wait


@dataclass(frozen=True)
class SendOutcome:
    """What the provider said about one claimed row: a result, or the error it raised."""

    claim: Claim
    result: SendResult | None = None
    error: SendError | None = None


def send(runtime: Runtime, transport: Transport, claim: Claim) -> SendOutcome:
    """Send one claimed row with no transaction open; never raises (it runs on a pool thread)."""
    try:
        message = OutboundMessage(
            to=runtime.vault.decrypt(claim.to_encrypted),
            channel=claim.channel,
            body=claim.plan.body,
            content_sid=claim.plan.content_sid,
            content_variables=claim.plan.content_variables,
            reference=claim.key,
        )
        return SendOutcome(claim, result=transport.send(message))
    except SendError as refused:
        return SendOutcome(claim, error=refused)
    except ValueError:
        return SendOutcome(claim, error=SendError(None, 0, "the stored number cannot be decrypted"))
    except Exception as unexpected:  # a bug or an unknown library error: try again later
        log.error("Outbox row %s: transport raised %s", claim.row_id, type(unexpected).__name__)
        return SendOutcome(claim, error=SendError(None, None))


def record(
    runtime: Runtime, outcomes: list[SendOutcome], report: DispatchReport, now: dt.datetime
) -> None:
    """Record a batch of results in one short transaction; count them once it has committed.

    Sent rows are one executemany ``UPDATE`` by primary key; refusals (rare) are applied
    row by row, as each may retry, fall back to a template or opt the resident out.
    """
    sent = [outcome for outcome in outcomes if outcome.result is not None]
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    with runtime.transaction() as session:
        if sent:
            # A Core executemany: a row erased while its message was on the way (the
            # resident asked for erasure) is simply not there to update.
            session.execute(
                _MARK_SENT,
                [
                    {
                        "row_id": outcome.claim.row_id,
                        "status": "sent",
                        "sent_at": now,
                        "error_code": None,
                        "provider_sid": outcome.result.provider_sid,
                        "provider_status": outcome.result.status,
                        "lease_until": None,
                        "updated_at": now,
                    }
                    for outcome in sent
                    if outcome.result is not None
                ],
            )
        for outcome in outcomes:
            if outcome.result is None:
                status, reason = _record_failure(session, runtime, outcome, now)
                counts[status] += 1
                if reason is not None:
                    skipped[reason] += 1
    report.sent += len(sent)
    report.retrying += counts["pending"]
    report.failed += counts["failed"]
    report.skipped.update(skipped)


_OUTBOX = OutboxMessage.__table__
_SENT_COLUMNS = (
    "status", "sent_at", "error_code", "provider_sid", "provider_status", "lease_until",
    "updated_at",
)  # fmt: skip
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("row_id"))
    .values({name: bindparam(name) for name in _SENT_COLUMNS})
)


def _record_failure(
    session: Session, runtime: Runtime, outcome: SendOutcome, now: dt.datetime
) -> tuple[str, str | None]:
    """Apply one refusal to its row; the row's new status and skip reason."""
    claim, error = outcome.claim, outcome.error or SendError(None, None)
    row = session.get(OutboxMessage, claim.row_id)
    if row is None:  # erased with its resident while the message was on the way
        return "erased", None
    row.lease_until, row.updated_at = None, now
    _record_refusal(session, runtime, row, claim, error, now=now)
    log.warning(
        "Outbox row %s not sent (code %s, HTTP %s): %s",
        claim.row_id,
        error.code,
        error.status,
        row.status,
    )
    return row.status, row.skip_reason if row.status == "skipped" else None


def _record_refusal(
    session: Session,
    runtime: Runtime,
    row: OutboxMessage,
    claim: Claim,
    error: SendError,
    *,
    now: dt.datetime,
) -> None:
    """Retry later, fall back to the template, or give up; 21610 also opts the resident out."""
    row.error_code = str(error.code) if error.code is not None else None
    if error.code == delivery.OUTSIDE_WINDOW and row.channel == "whatsapp" and not row.content_sid:
        row.status = "failed"
        delivery.fall_back_to_template(session, runtime.config, row, now=now)
    elif delivery.is_retryable(error.code, error.status) and claim.attempts < MAX_ATTEMPTS:
        row.status = "pending"
        row.next_attempt_at = now + min(LAST_RETRY, FIRST_RETRY * 2 ** (claim.attempts - 1))
    else:
        row.status = "failed"
        if error.code == delivery.OPTED_OUT and claim.resident_id is not None:
            delivery.mark_opted_out(session, claim.resident_id, now=now)
