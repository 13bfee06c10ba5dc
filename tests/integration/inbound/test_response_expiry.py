"""Polls left half-way are closed as expired after 24 hours of silence, by the followups job."""

import datetime as dt

from sqlalchemy import select

from feedback_bot.models import Response
from tests.support.factories import add_resident, add_response, add_station

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def statuses(runtime):
    with runtime.transaction() as session:
        return dict(session.execute(select(Response.id, Response.status)).all())


def test_silent_half_answered_polls_expire_and_active_ones_do_not(runtime, runner):
    with runtime.transaction() as session:
        station = add_station(session)
        silent = add_response(
            session,
            add_resident(session, runtime.vault, station),
            station,
            NOW - dt.timedelta(hours=25),
            {"trust_police": 2},
            status="in_progress",
        ).id
        active = add_response(
            session,
            add_resident(session, runtime.vault, station),
            station,
            NOW - dt.timedelta(hours=2),
            {"trust_police": 1},
            status="in_progress",
        ).id
        done = add_response(
            session,
            add_resident(session, runtime.vault, station),
            station,
            NOW - dt.timedelta(days=3),
            {"trust_police": 1},
        ).id

    result = runner.invoke(args=["jobs", "run", "followups", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert "1 unfinished polls expired" in result.output
    assert statuses(runtime) == {silent: "expired", active: "in_progress", done: "completed"}

    again = runner.invoke(args=["jobs", "run", "followups", "--now", NOW.isoformat()])
    assert "0 unfinished polls expired" in again.output
