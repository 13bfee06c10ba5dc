"""``feedback-bot jobs run NAME [--now ISO]``: one run of a job, with its summary printed."""

import pytest

from feedback_bot.channels import transport_for
from feedback_bot.models import OpenDay
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued


@pytest.fixture
def registered(runtime):
    """One resident (SMS, English) holding a place at an Open Day on 5 December, 10:00 local."""
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        open_day = add_open_day(session, station, starts_at=local(2026, 12, 5, 10, 0))
        resident = add_resident(
            session, runtime, "+9647703333001", station=station, language="en", channel="sms"
        )
        session.flush()
        code = open_days.register(
            session, runtime, resident, session.get(OpenDay, open_day.id), now=local(2026, 12, 1)
        ).code
    return code


def test_now_without_offset_is_local_time(runner, runtime, registered):
    # 09:30 in Baghdad is before reminders go out; 09:30 UTC is 12:30 in Baghdad.
    early = runner.invoke(args=["jobs", "run", "reminders", "--now", "2026-12-04T09:30"])
    assert early.exit_code == 0, early.output
    assert early.output.strip() == "reminders: nothing before 10:00 local time"
    late = runner.invoke(args=["jobs", "run", "reminders", "--now", "2026-12-04T09:30Z"])
    assert late.exit_code == 0, late.output
    assert late.output.strip() == "reminders: 1 Open Day reminders, 0 post-event polls queued"
    assert len(queued(runtime, "open_day_reminder")) == 1


def test_outbox_job_sends_what_the_other_jobs_queued(runner, runtime, registered):
    runner.invoke(args=["jobs", "run", "reminders", "--now", "2026-12-04T12:00+03:00"])
    result = runner.invoke(args=["jobs", "run", "outbox", "--now", "2026-12-04T12:01+03:00"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("outbox: 1 sent")
    [sent] = transport_for(runtime).messages
    assert sent.to == "+9647703333001"
    assert registered in sent.body


def test_followups_and_digests_print_their_summaries(runner):
    followups = runner.invoke(args=["jobs", "run", "followups", "--now", "2026-12-04T12:00"])
    assert followups.exit_code == 0, followups.output
    assert followups.output.startswith("followups: 0 invited, 0 skipped, 0 closed as missed")
    digests = runner.invoke(args=["jobs", "run", "digests", "--now", "2026-11-29T08:00"])
    assert digests.exit_code == 0, digests.output
    assert digests.output.startswith("digests")


def test_a_bad_time_is_one_sentence(runner):
    result = runner.invoke(args=["jobs", "run", "reminders", "--now", "next tuesday"])
    assert result.exit_code == 1
    assert "--now 'next tuesday' is not a date and time such as 2026-12-05T10:00" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_job_is_refused(runner):
    result = runner.invoke(args=["jobs", "run", "everything"])
    assert result.exit_code == 2
    assert "followups" in result.output and "outbox" in result.output
