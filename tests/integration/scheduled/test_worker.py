"""The worker: every job on its trigger in the configured zone, and a clean stop on SIGTERM."""

import datetime as dt
import logging
import os
import select
import signal
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from feedback_bot.jobs.worker import build_scheduler, run_logged
from feedback_bot.runtime import get_runtime

BAGHDAD = ZoneInfo("Asia/Baghdad")


def jobs_of(runtime):
    return {job.id: job for job in build_scheduler(runtime).get_jobs()}


def test_every_job_is_scheduled_once_with_coalescing(runtime):
    jobs = jobs_of(runtime)
    assert set(jobs) == {"followups", "reminders", "outbox", "digests", "purge"}
    for job in jobs.values():
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time >= 5
        assert job.args[1] == job.id


def test_followups_and_reminders_every_minute_outbox_every_few_seconds(runtime):
    jobs = jobs_of(runtime)
    for name in ("followups", "reminders"):
        assert isinstance(jobs[name].trigger, IntervalTrigger)
        assert jobs[name].trigger.interval == dt.timedelta(minutes=1)
    assert isinstance(jobs["outbox"].trigger, IntervalTrigger)
    assert jobs["outbox"].trigger.interval <= dt.timedelta(seconds=10)


def test_digest_at_eight_local_on_the_first_day_of_the_week(runtime):
    trigger = jobs_of(runtime)["digests"].trigger
    assert isinstance(trigger, CronTrigger)
    assert trigger.timezone == BAGHDAD
    wednesday = dt.datetime(2026, 11, 25, 12, 0, tzinfo=BAGHDAD)
    assert trigger.get_next_fire_time(None, wednesday) == dt.datetime(
        2026, 11, 29, 8, 0, tzinfo=BAGHDAD
    )
    # A worker that was down at 08:00 still sends that morning's digest when it comes back.
    assert jobs_of(runtime)["digests"].misfire_grace_time >= 3600


def test_the_retention_purge_runs_daily_in_the_small_hours_local_time(runtime):
    trigger = jobs_of(runtime)["purge"].trigger
    assert isinstance(trigger, CronTrigger)
    evening = dt.datetime(2026, 11, 25, 22, 0, tzinfo=BAGHDAD)
    first = trigger.get_next_fire_time(None, evening)
    assert first == dt.datetime(2026, 11, 26, 3, 30, tzinfo=BAGHDAD)
    assert trigger.get_next_fire_time(first, first + dt.timedelta(seconds=1)) == dt.datetime(
        2026, 11, 27, 3, 30, tzinfo=BAGHDAD
    )
    assert jobs_of(runtime)["purge"].misfire_grace_time >= 3600


def test_digest_follows_week_start_and_timezone(make_app):
    runtime = get_runtime(make_app(WEEK_START="monday", TIMEZONE="Asia/Dubai"))
    trigger = jobs_of(runtime)["digests"].trigger
    dubai = ZoneInfo("Asia/Dubai")
    assert trigger.timezone == dubai
    wednesday = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dubai)
    assert trigger.get_next_fire_time(None, wednesday) == dt.datetime(
        2026, 11, 30, 8, 0, tzinfo=dubai
    )


def test_a_job_run_is_logged_and_a_failing_job_does_not_stop_the_worker(runtime, caplog):
    caplog.set_level(logging.INFO, logger="feedback_bot.jobs.worker")
    run_logged(runtime, "reminders")
    assert any(r.getMessage().startswith("job reminders: reminders:") for r in caplog.records)
    broken = type(runtime)(
        config={**runtime.config, "TIMEZONE": "Nowhere/Nothing"},
        engine=runtime.engine,
        sessions=runtime.sessions,
        vault=runtime.vault,
    )
    run_logged(broken, "reminders")
    assert any(r.getMessage() == "job reminders failed" for r in caplog.records)


def _read_until(stream, text, deadline):
    seen = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = stream.readline()
        if not line:
            break
        seen += line
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never appeared in the worker's log:\n{seen}")


def test_worker_process_starts_and_stops_cleanly_on_sigterm(database_url):
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": database_url,
        "MESSAGE_TRANSPORT": "console",
        "QUIET_HOURS": "off",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from feedback_bot.cli import main; main()", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = _read_until(process.stdout, "worker started", time.monotonic() + 60)
        assert "followups" in started and "digests" in started
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "worker stopping (SIGTERM)" in rest
    assert "worker stopped" in rest
    assert "Traceback" not in started + rest
