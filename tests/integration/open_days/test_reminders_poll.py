"""The post-event poll: the local day after attendance, only to attendees, exactly once."""

import pytest

from feedback_bot.jobs import run_job
from feedback_bot.models import OpenDay
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

DAY = local(2026, 12, 5, 10, 0)


@pytest.fixture
def two_registered(runtime):
    """Two residents with places at an Open Day on 5 December; returns their codes."""
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        open_day = add_open_day(session, station, starts_at=DAY, capacity=5, en="Meet us")
        codes = []
        for i, language in enumerate(("en", "ar")):
            resident = add_resident(
                session, runtime, f"+964770777700{i}", station=station, language=language
            )
            codes.append(
                open_days.register(
                    session, runtime, resident, session.get(OpenDay, open_day.id),
                    now=local(2026, 12, 1, 12, 0),
                ).code
            )  # fmt: skip
    return codes


def attend(runtime, code, at):
    with runtime.transaction() as session:
        open_days.mark_attended(session, code, now=at)


def test_poll_goes_the_day_after_to_attendees_only_once(runtime, two_registered):
    attend(runtime, two_registered[0], local(2026, 12, 5, 11, 0))
    run_job("reminders", runtime, now=local(2026, 12, 5, 20, 0))
    run_job("reminders", runtime, now=local(2026, 12, 6, 9, 59))
    assert queued(runtime, "open_day_poll") == []

    summary = run_job("reminders", runtime, now=local(2026, 12, 6, 10, 0))
    assert summary == "reminders: 0 Open Day reminders, 1 post-event polls queued"
    [poll] = queued(runtime, "open_day_poll")
    assert poll.language == "en" and poll.template_name == "OPEN_DAY_POLL"
    assert poll.template_variables == {"1": "Meet us", "2": "Ashar"}
    assert poll.idempotency_key.startswith("od_poll:")
    assert poll.body

    run_job("reminders", runtime, now=local(2026, 12, 6, 15, 0))
    run_job("reminders", runtime, now=local(2026, 12, 7, 10, 0))
    assert len(queued(runtime, "open_day_poll")) == 1


def test_the_day_after_is_the_local_day(runtime, two_registered):
    # 23:30 in Baghdad is still 5 December there (20:30 UTC): the poll goes on the 6th.
    attend(runtime, two_registered[1], local(2026, 12, 5, 23, 30))
    run_job("reminders", runtime, now=local(2026, 12, 6, 10, 0))
    [poll] = queued(runtime, "open_day_poll")
    assert poll.language == "ar"


def test_a_poll_days_late_is_not_sent(runtime, two_registered):
    attend(runtime, two_registered[0], local(2026, 12, 5, 11, 0))
    run_job("reminders", runtime, now=local(2026, 12, 10, 12, 0))
    assert queued(runtime, "open_day_poll") == []
