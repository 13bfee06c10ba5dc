"""The reminders job: the day before (local), to place holders only, exactly once."""

import pytest
from sqlalchemy import select

from feedback_bot.jobs import run_job
from feedback_bot.models import OpenDay, Registration
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

REGISTERED_AT = local(2026, 12, 1, 12, 0)


def registrations(runtime, open_day_id, people):
    """Register each (phone, language, opted_out) in order; returns their registrations' codes."""
    codes = []
    with runtime.transaction() as session:
        open_day = session.get(OpenDay, open_day_id)
        for phone, language, opted_out in people:
            resident = add_resident(
                session, runtime, phone, station=None, language=language, opted_out=opted_out
            )
            codes.append(
                open_days.register(session, runtime, resident, open_day, now=REGISTERED_AT).code
            )
    return codes


@pytest.fixture
def open_day_id(runtime):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        return add_open_day(
            session, station, starts_at=local(2026, 12, 5, 10, 0), capacity=2, en="Meet us"
        ).id


def test_reminder_goes_the_day_before_to_holders_only_exactly_once(runtime, open_day_id):
    codes = registrations(
        runtime,
        open_day_id,
        [("+9647700000001", "en", False), ("+9647700000002", "ar", False),
         ("+9647700000003", "ar", False)],
    )  # fmt: skip
    with runtime.transaction() as session:
        waiting = session.scalar(select(Registration).where(Registration.code == codes[2]))
        assert waiting.status == "waitlisted"

    assert run_job("reminders", runtime, now=local(2026, 12, 3, 23, 0)).startswith(
        "reminders: 0 Open Day reminders"
    )
    assert queued(runtime) == []

    summary = run_job("reminders", runtime, now=local(2026, 12, 4, 10, 0))
    assert summary.startswith("reminders: 2 Open Day reminders")
    english, arabic = queued(runtime, "open_day_reminder")
    assert english.body == (
        f"Reminder: Meet us at Ashar police station is tomorrow, 05/12 10:00. Your code: {codes[0]}"
    )
    assert english.template_name == "OPEN_DAY_REMINDER"
    assert english.template_variables == {
        "1": "Meet us",
        "2": "Ashar",
        "3": "05/12 10:00",
        "4": codes[0],
    }
    # No Arabic title was given: the Arabic message says "Open Day" in Arabic.
    assert arabic.language == "ar" and "يوم مفتوح" in arabic.body and codes[1] in arabic.body

    run_job("reminders", runtime, now=local(2026, 12, 4, 10, 1))
    run_job("reminders", runtime, now=local(2026, 12, 4, 20, 0))
    assert len(queued(runtime)) == 2


def test_no_reminder_before_ten_or_two_days_ahead(runtime, open_day_id):
    registrations(runtime, open_day_id, [("+9647700000001", "en", False)])
    run_job("reminders", runtime, now=local(2026, 12, 4, 9, 59))
    run_job("reminders", runtime, now=local(2026, 12, 3, 15, 0))
    run_job("reminders", runtime, now=local(2026, 12, 5, 10, 30))
    assert queued(runtime) == []


def test_no_reminder_for_cancelled_registrations_open_days_or_opted_out(runtime, open_day_id):
    registrations(
        runtime,
        open_day_id,
        [("+9647700000001", "en", True), ("+9647700000002", "en", False)],
    )
    with runtime.transaction() as session:
        second = session.scalar(select(Registration).order_by(Registration.id.desc()))
        open_days.cancel_registration(session, runtime, second, now=REGISTERED_AT)
    run_job("reminders", runtime, now=local(2026, 12, 4, 12, 0))
    assert queued(runtime) == []


def test_the_day_before_is_the_local_day(runtime):
    """An Open Day at 01:00 Baghdad on the 5th is 22:00 UTC on the 4th: remind on the 4th."""
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        late = add_open_day(session, station, starts_at=local(2026, 12, 5, 1, 0)).id
    registrations(runtime, late, [("+9647700000001", "en", False)])
    run_job("reminders", runtime, now=local(2026, 12, 3, 12, 0))
    assert queued(runtime) == []
    run_job("reminders", runtime, now=local(2026, 12, 4, 12, 0))
    assert len(queued(runtime, "open_day_reminder")) == 1


def test_a_cancelled_open_day_gets_no_reminder(runtime, open_day_id):
    registrations(runtime, open_day_id, [("+9647700000001", "en", False)])
    with runtime.transaction() as session:
        session.get(OpenDay, open_day_id).cancelled_at = REGISTERED_AT
    run_job("reminders", runtime, now=local(2026, 12, 4, 12, 0))
    assert queued(runtime) == []
