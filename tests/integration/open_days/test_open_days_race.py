"""The last place of an Open Day goes to exactly one of two residents registering at once."""

import os
import threading
import time

import pytest
from sqlalchemy import text

from feedback_bot.models import OpenDay, Resident
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local

NOW = local(2026, 12, 1, 12, 0)

pytestmark = pytest.mark.skipif(
    os.environ.get("FEEDBACK_BOT_TEST_DB", "sqlite") != "postgresql",
    reason="concurrent writers: SQLite serialises whole transactions, PostgreSQL needs the row lock",
)


def _wait_until_blocked(runtime, deadline):
    """Poll until another connection waits on a lock (the second registration)."""
    while time.monotonic() < deadline:
        with runtime.engine.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the second registration never waited for the first")


def test_the_last_place_is_not_given_twice(runtime):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        open_day_id = add_open_day(
            session, station, starts_at=local(2026, 12, 5, 10), capacity=1
        ).id
        first_id = add_resident(session, runtime, "+9647705555001", station=station).id
        second_id = add_resident(session, runtime, "+9647705555002", station=station).id

    outcome = {}

    def register_second():
        with runtime.transaction() as session:
            resident = session.get(Resident, second_id)
            open_day = session.get(OpenDay, open_day_id)
            outcome["second"] = open_days.register(
                session, runtime, resident, open_day, now=NOW
            ).status

    with runtime.transaction() as session:
        resident = session.get(Resident, first_id)
        open_day = session.get(OpenDay, open_day_id)
        outcome["first"] = open_days.register(session, runtime, resident, open_day, now=NOW).status
        other = threading.Thread(target=register_second)
        other.start()
        _wait_until_blocked(runtime, time.monotonic() + 30)
    other.join(timeout=30)
    assert not other.is_alive()
    assert outcome == {"first": "registered", "second": "waitlisted"}
