"""The ``purge`` job: the retention rules (``RETENTION_*``), once; the worker runs it daily."""

from __future__ import annotations

import datetime as dt

from feedback_bot.services import audit, privacy


def run(runtime, *, now: dt.datetime, actor: audit.Actor = audit.WORKER) -> str:
    """Purge what retention no longer allows; a one-line summary of counts."""
    return privacy.purge(runtime, now=now, actor=actor).summary()
