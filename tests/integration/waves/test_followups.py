"""Follow-up waves: scheduled from wave 1, never early, never to opted-out residents, closed when missed."""

import datetime as dt

import pytest
from sqlalchemy import select

from feedback_bot.jobs import run_job
from feedback_bot.models import Followup, Resident
from feedback_bot.services import waves
from tests.support.scheduling import add_resident, add_stations, local, queued

WAVE_ONE = local(2026, 9, 1, 18, 0)


def followups(runtime, resident_id=None):
    with runtime.transaction() as session:
        statement = select(Followup).order_by(Followup.resident_id, Followup.wave)
        if resident_id is not None:
            statement = statement.where(Followup.resident_id == resident_id)
        return list(session.scalars(statement))


def make_resident(runtime, phone="+9647704444001", **options):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        options.setdefault("station", station)
        return add_resident(session, runtime, phone, **options).id


def schedule(runtime, resident_id, completed_at=WAVE_ONE):
    with runtime.transaction() as session:
        resident = session.get(Resident, resident_id)
        waves.schedule_followups(session, runtime, resident, completed_at=completed_at)


def test_waves_fall_due_followup_days_after_wave_one_once(runtime):
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    schedule(runtime, resident_id, completed_at=WAVE_ONE + dt.timedelta(days=3))
    rows = followups(runtime)
    assert [(f.wave, f.due_at, f.status) for f in rows] == [
        (2, WAVE_ONE + dt.timedelta(days=30), "scheduled"),
        (3, WAVE_ONE + dt.timedelta(days=90), "scheduled"),
    ]


def test_followup_days_come_from_the_configuration(make_app):
    from feedback_bot.runtime import get_runtime

    runtime = get_runtime(make_app(FOLLOWUP_DAYS="14,60,180"))
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    assert [(f.wave, (f.due_at - WAVE_ONE).days) for f in followups(runtime)] == [
        (2, 14),
        (3, 60),
        (4, 180),
    ]


def test_nothing_happens_before_a_wave_is_due(runtime):
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    summary = run_job("followups", runtime, now=WAVE_ONE + dt.timedelta(days=30, seconds=-1))
    assert summary.startswith("followups: 0 invited, 0 skipped")
    assert [f.status for f in followups(runtime)] == ["scheduled", "scheduled"]
    assert queued(runtime) == []


@pytest.mark.parametrize(
    ("options", "note"),
    [
        ({"opted_out": True}, "opted_out"),
        ({"consented": False}, "no_consent"),
        ({"station": None}, "no_station"),
    ],
)
def test_residents_who_must_not_be_asked_are_skipped_without_a_message(runtime, options, note):
    resident_id = make_resident(runtime, **options)
    schedule(runtime, resident_id)
    summary = run_job("followups", runtime, now=WAVE_ONE + dt.timedelta(days=31))
    assert summary.startswith("followups: 0 invited, 1 skipped")
    wave_two, wave_three = followups(runtime)
    assert (wave_two.status, wave_two.note) == ("skipped", note)
    assert wave_three.status == "scheduled"
    assert queued(runtime) == []


def invite_directly(runtime, resident_id, wave, *, at):
    with runtime.transaction() as session:
        followup = session.scalar(
            select(Followup).where(Followup.resident_id == resident_id, Followup.wave == wave)
        )
        waves.mark_invited(followup, now=at, open_days=runtime.config["WAVE_OPEN_DAYS"])
        return followup.id


def test_an_unanswered_invitation_is_closed_as_missed_after_the_open_period(runtime):
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    invited_at = WAVE_ONE + dt.timedelta(days=30)
    followup_id = invite_directly(runtime, resident_id, 2, at=invited_at)
    run_job("followups", runtime, now=invited_at + dt.timedelta(days=7, seconds=-1))
    assert followups(runtime)[0].status == "invited"
    summary = run_job("followups", runtime, now=invited_at + dt.timedelta(days=7))
    assert "1 closed as missed" in summary
    missed = followups(runtime)[0]
    assert (missed.status, missed.note) == ("missed", "no_answer")
    with runtime.transaction() as session:
        assert waves.open_followup(session, followup_id) is None
        assert waves.mark_wave_declined(session, followup_id, now=invited_at) is None


def test_a_poll_under_way_gets_a_day_more_and_a_late_completion_still_counts(runtime):
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    invited_at = WAVE_ONE + dt.timedelta(days=30)
    followup_id = invite_directly(runtime, resident_id, 2, at=invited_at)
    with runtime.transaction() as session:
        assert waves.mark_wave_accepted(session, followup_id, now=invited_at).status == "accepted"
    run_job("followups", runtime, now=invited_at + dt.timedelta(days=7, hours=1))
    assert followups(runtime)[0].status == "accepted"
    run_job("followups", runtime, now=invited_at + dt.timedelta(days=8))
    assert (followups(runtime)[0].status, followups(runtime)[0].note) == ("missed", "unfinished")
    with runtime.transaction() as session:
        done = waves.mark_wave_completed(session, followup_id, None, now=invited_at)
        assert done.status == "completed"


def test_the_open_period_is_configurable(make_app):
    from feedback_bot.runtime import get_runtime

    runtime = get_runtime(make_app(WAVE_OPEN_DAYS="3"))
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    invited_at = WAVE_ONE + dt.timedelta(days=30)
    invite_directly(runtime, resident_id, 2, at=invited_at)
    assert followups(runtime)[0].closes_at == invited_at + dt.timedelta(days=3)
    run_job("followups", runtime, now=invited_at + dt.timedelta(days=3))
    assert followups(runtime)[0].status == "missed"


def test_a_declined_wave_stays_declined_and_later_waves_still_come(runtime):
    resident_id = make_resident(runtime)
    schedule(runtime, resident_id)
    invited_at = WAVE_ONE + dt.timedelta(days=30)
    followup_id = invite_directly(runtime, resident_id, 2, at=invited_at)
    with runtime.transaction() as session:
        assert waves.mark_wave_declined(session, followup_id, now=invited_at).status == "declined"
        assert waves.mark_wave_completed(session, followup_id, None, now=invited_at) is None
    run_job("followups", runtime, now=invited_at + dt.timedelta(days=20))
    assert [f.status for f in followups(runtime)] == ["declined", "scheduled"]
