"""The ``purge`` job: the retention rules (``RETENTION_*``), once; the worker runs it daily."""

from __future__ import annotations

import datetime as dt

from feedback_bot.services import audit
from feedback_bot.services.privacy import retention


def run(runtime, *, now: dt.datetime, actor: audit.Actor = audit.WORKER) -> str:
    """Purge what retention no longer allows; a one-line summary of counts."""
    return retention.purge(runtime, now=now, actor=actor).summary()
