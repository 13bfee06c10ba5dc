"""The ``outbox`` job: send what is due through the app's transport."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from feedback_bot.runtime import Runtime
from feedback_bot.services.outbox import DispatchReport, dispatch_outbox


def run(runtime: Runtime, *, now: dt.datetime) -> str:
    """Dispatch due outbox rows once; a one-line summary without personal data."""
    return summary(dispatch_outbox(runtime, now=now), runtime.config["TIMEZONE"])


def summary(report: DispatchReport, timezone: str) -> str:
    if report.quiet_until is not None:
        local = report.quiet_until.astimezone(ZoneInfo(timezone))
        return (
            f"outbox: quiet hours until {local:%H:%M} {timezone}; "
            f"{report.waiting_quiet_hours} message(s) wait"
        )
    skipped = sum(report.skipped.values())
    reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(report.skipped.items()))
    return (
        f"outbox: {report.sent} sent, {report.retrying} to retry, {report.failed} failed, "
        f"{skipped} skipped" + (f" ({reasons})" if reasons else "")
    )
