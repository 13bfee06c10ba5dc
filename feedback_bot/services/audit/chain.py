"""Checking the audit log's hash chain: every entry present, in order, as it was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from feedback_bot.models import AuditEntry
from feedback_bot.runtime import Runtime
from feedback_bot.services.audit.entries import GENESIS_HASH, entry_hash

BATCH = 5_000
MAX_PROBLEMS = 50  # a chain broken near the start would otherwise list every entry after it


@dataclass
class ChainReport:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(runtime: Runtime, *, batch: int = BATCH) -> ChainReport:
    """Walk the log in order; each problem names the entry where the chain breaks.

    An edited entry no longer matches its own hash; a deleted one leaves a gap in the
    numbers (or, renumbered, breaks the next entry's link); entries swapped or moved break
    the links around them. Only the newest entries can go unnoticed when cut off the end:
    compare the head this prints with one noted earlier (docs/privacy.md).
    """
    report = ChainReport()
    expected_seq, prev_hash, after = 1, GENESIS_HASH, 0
    while True:
        with runtime.transaction() as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > after)
                .order_by(AuditEntry.seq)
                .limit(batch)
            ).all()
        if not rows:
            return report
        for entry in rows:
            _check(report, entry, expected_seq, prev_hash)
            report.entries += 1
            report.head_seq, report.head_hash = entry.seq, entry.hash
            expected_seq, prev_hash, after = entry.seq + 1, entry.hash, entry.seq


def _check(report: ChainReport, entry: AuditEntry, expected_seq: int, prev_hash: str) -> None:
    problems = []
    if entry.seq != expected_seq:
        missing = (
            f"#{expected_seq}"
            if entry.seq == expected_seq + 1
            else (f"#{expected_seq} to #{entry.seq - 1}")
        )
        problems.append(f"entry {missing} missing before #{entry.seq}")
    elif entry.prev_hash != prev_hash:
        problems.append(f"entry #{entry.seq} does not follow #{entry.seq - 1} (moved or replaced)")
    if entry.hash != entry_hash(entry):
        problems.append(f"entry #{entry.seq} was changed after it was written")
    room = MAX_PROBLEMS - len(report.problems)
    report.problems.extend(problems[: max(room, 0)])
