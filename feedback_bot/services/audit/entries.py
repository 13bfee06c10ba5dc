"""Writing the audit log: one entry per staff action, hashed with the entry before it.

An entry says who (a staff name, or ``resident`` / ``worker`` for what residents and the
scheduler do), through what (``source``), what (``action``), on what (``target``: an
account, a poll) and a few facts (``details``: format, filters, counts). It never holds
the data itself: :func:`record` refuses a detail it does not know, text that could be an
answer, and anything with as many digits as a phone number.

Entries are numbered 1, 2, 3, … under a lock (PostgreSQL: a transaction-level advisory
lock; SQLite: its single writer), so concurrent writers queue and the chain never forks.
The entry is written in the caller's transaction: an action that rolls back leaves no
entry, and an entry that cannot be written rolls the action back.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from feedback_bot.db import utcnow
from feedback_bot.models import AuditEntry

GENESIS_HASH = "0" * 64
SOURCES = ("cli", "dashboard", "api", "webhook", "worker")
# pg_advisory_xact_lock key of the audit chain (any constant no other lock uses).
CHAIN_LOCK = 0x61756469745F6C67  # "audit_lg"

# What an entry's details may say, and nothing else. Values are numbers, booleans, names and
# codes (short strings without spaces), or lists and mappings of those (mappings with
# identifier-like keys, e.g. counts).
DETAIL_KEYS = frozenset(
    {
        "batches",
        "bom",
        "complete",
        "counts",
        "dry_run",
        "filters",
        "format",
        "labels",
        "open_day",
        "outcome",
        "poll",
        "reason",
        "role",
        "rows",
        "station",
        "token",
        "version",
    }
)
MAX_TEXT = 64
# A whole Iraqi mobile number has 10 national digits (7XX XXX XXXX); a detail with that
# many digits in a row, whatever the script and with or without separators, is refused.
PHONE_DIGITS = 10
_SEPARATOR = re.compile(r"[\s().\-\u2010-\u2015/]")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class AuditRefused(ValueError):
    """An entry would have held personal data (a number, free text) or an unknown detail."""


@dataclass(frozen=True)
class Actor:
    """Who acts, and through which door."""

    name: str
    source: str


RESIDENT = Actor("resident", "webhook")  # a resident, never named
WORKER = Actor("worker", "worker")


def cli_actor() -> Actor:
    """The operator at the command line, by their login name on the server."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container with a bare uid)
        name = "operator"
    return Actor(name[:100] or "operator", "cli")


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction; AuditRefused if it would hold personal data."""
    details = dict(details or {})
    check_entry(actor, action, target, details)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.hash if last else GENESIS_HASH
    at = (now or utcnow()).astimezone(dt.UTC)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor.name,
        source=actor.source,
        action=action,
        target=target,
        details=details,
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the previous entry's hash and this entry's every field, canonically."""
    fields = [
        entry.seq,
        entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        entry.actor,
        entry.source,
        entry.action,
        entry.target,
        entry.details,
    ]
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{entry.prev_hash}\n{canonical}".encode()).hexdigest()


def check_entry(actor: Actor, action: str, target: str | None, details: Mapping[str, Any]) -> None:
    """Refuse an entry that could carry a phone number, free text or an unknown detail."""
    if actor.source not in SOURCES:
        raise AuditRefused(f"unknown audit source {actor.source!r}")
    if not re.fullmatch(r"[a-z][a-z_]*(\.[a-z_]+)?", action or ""):
        raise AuditRefused(f"an audit action is a dotted lower-case name, not {action!r}")
    for label, value in (("actor", actor.name), ("target", target)):
        if value is not None:
            _check_text(label, value, limit=100)
    unknown = set(details) - DETAIL_KEYS
    if unknown:
        raise AuditRefused(f"audit details may not hold {', '.join(sorted(unknown))}")
    for key, value in details.items():
        _check_value(key, value, depth=0)


def _check_value(path: str, value: Any, *, depth: int) -> None:
    if depth > 2:
        raise AuditRefused(f"audit detail {path} is nested too deeply")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if len(str(abs(value))) >= PHONE_DIGITS:
            raise AuditRefused(f"audit detail {path} has as many digits as a phone number")
        return
    if isinstance(value, str):
        _check_text(path, value, limit=MAX_TEXT)
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(f"{path}[{i}]", item, depth=depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise AuditRefused(f"audit detail {path} has a key that is not a name: {key!r}")
            _check_value(f"{path}.{key}", item, depth=depth + 1)
        return
    raise AuditRefused(f"audit detail {path} is a {type(value).__name__}, not a plain value")


def _check_text(label: str, value: str, *, limit: int) -> None:
    # Names, codes, dates and formats have no spaces; a sentence (free text) does.
    if len(value) > limit or any(char.isspace() for char in value):
        raise AuditRefused(f"audit {label} is not a name or code (free text is refused)")
    if looks_like_phone_number(value):
        raise AuditRefused(f"audit {label} has as many digits as a phone number")


def looks_like_phone_number(value: str) -> bool:
    """Whether ``value`` holds PHONE_DIGITS digits in a row (any script, separators allowed)."""
    run = 0
    for char in _SEPARATOR.sub("", value):
        run = run + 1 if char.isdecimal() else 0
        if run >= PHONE_DIGITS:
            return True
    return False


def log_action(
    runtime,
    actor: Actor,
    action: str,
    *,
    target: str | None = None,
    details: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """:func:`record` in a transaction of its own, for an action that wrote nothing else."""
    with runtime.transaction() as session:
        record(session, actor, action, target=target, details=details, now=now)
