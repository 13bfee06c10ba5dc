"""The scheduler process: one APScheduler 3 ``BlockingScheduler`` running every job.

Per-resident due dates live in the database (``followups``, ``open_days``,
``registrations``); the scheduler only wakes the jobs that read them, so a
million residents add no scheduler jobs. Every job coalesces missed runs into
one and runs one instance at a time; a second worker started by mistake is
harmless because every message is queued under a deterministic outbox key and
dispatchers claim rows before sending.

| job | trigger |
|---|---|
| followups | every minute |
| reminders | every minute |
| outbox | every 5 seconds |
| digests | cron: the first day of each ``WEEK_START`` week, 08:00 ``TIMEZONE`` |
| purge | cron: every day, 03:30 ``TIMEZONE`` (the quietest hour for the webhooks) |
"""

from __future__ import annotations

import logging
import signal
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from feedback_bot.db import utcnow
from feedback_bot.jobs import run_job

log = logging.getLogger(__name__)

OUTBOX_INTERVAL_SECONDS = 5
DIGEST_HOUR = 8
# A digest missed while the worker was down still goes if it restarts within 6 hours.
DIGEST_MISFIRE_GRACE = 6 * 3600
MINUTE_MISFIRE_GRACE = 60
PURGE_AT = (3, 30)
# A purge missed while the worker was down runs when it restarts, the same day.
PURGE_MISFIRE_GRACE = 12 * 3600


def run_logged(runtime: Any, name: str) -> None:
    """Run one job now and log its summary; an error is logged, never raised into the scheduler."""
    try:
        summary = run_job(name, runtime, now=utcnow())
    except Exception:
        log.exception("job %s failed", name)
        return
    log.info("job %s: %s", name, summary)


def build_scheduler(runtime: Any, scheduler: BaseScheduler | None = None) -> BaseScheduler:
    """The scheduler with every job on its trigger, in the configured time zone (not started)."""
    zone = ZoneInfo(runtime.config["TIMEZONE"])
    if scheduler is None:
        scheduler = BlockingScheduler(timezone=zone)
    scheduler.configure(timezone=zone)
    every_minute = {"minutes": 1, "timezone": zone}
    _add(scheduler, runtime, "followups", IntervalTrigger(**every_minute))
    _add(scheduler, runtime, "reminders", IntervalTrigger(**every_minute))
    _add(
        scheduler,
        runtime,
        "outbox",
        IntervalTrigger(seconds=OUTBOX_INTERVAL_SECONDS, timezone=zone),
        misfire_grace_time=OUTBOX_INTERVAL_SECONDS,
    )
    week_start = runtime.config["WEEK_START"][:3]
    _add(
        scheduler,
        runtime,
        "digests",
        CronTrigger(day_of_week=week_start, hour=DIGEST_HOUR, minute=0, timezone=zone),
        misfire_grace_time=DIGEST_MISFIRE_GRACE,
    )
    hour, minute = PURGE_AT
    _add(
        scheduler,
        runtime,
        "purge",
        CronTrigger(hour=hour, minute=minute, timezone=zone),
        misfire_grace_time=PURGE_MISFIRE_GRACE,
    )
    return scheduler


def _add(
    scheduler: BaseScheduler,
    runtime: Any,
    name: str,
    trigger: Any,
    *,
    misfire_grace_time: int = MINUTE_MISFIRE_GRACE,
) -> None:
    # Missed runs collapse into one, and a job never overlaps itself.
    scheduler.add_job(
        run_logged,
        trigger,
        args=(runtime, name),
        id=name,
        name=name,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace_time,
    )


def run_worker(runtime: Any) -> None:
    """Run the scheduler in this process until SIGTERM or SIGINT, then stop cleanly."""
    scheduler = build_scheduler(runtime)

    def stop(signum: int, _frame: Any) -> None:
        log.info("worker stopping (%s)", signal.Signals(signum).name)
        if not scheduler.running:
            raise SystemExit(0)
        # wait=True lets a running job finish its transaction before the process exits.
        scheduler.shutdown(wait=True)

    def started(_event: Any) -> None:
        log.info(
            "worker started: %s (time zone %s)",
            ", ".join(job.id for job in scheduler.get_jobs()),
            runtime.config["TIMEZONE"],
        )

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.add_listener(started, EVENT_SCHEDULER_STARTED)
    scheduler.start()
    log.info("worker stopped")
