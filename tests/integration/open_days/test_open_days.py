"""Registrations: places, the waitlist, promotion (the promoted resident is told), attendance."""

import datetime as dt

import pytest

from feedback_bot.errors import UserError
from feedback_bot.models import Registration
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

NOW = local(2026, 12, 1, 12, 0)
DAY = local(2026, 12, 5, 10, 0)
ALPHABET = set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


@pytest.fixture
def world(runtime):
    """Two stations, an Open Day with 2 places at BSR-01, four residents there."""
    with runtime.transaction() as session:
        stations = add_stations(session)
        open_day = add_open_day(session, stations["BSR-01"], starts_at=DAY, capacity=2)
        residents = [
            add_resident(session, runtime, f"+96477012345{i:02d}", station=stations["BSR-01"])
            for i in range(4)
        ]
        return {
            "stations": {code: s.id for code, s in stations.items()},
            "open_day": open_day.id,
            "residents": [r.id for r in residents],
        }


def register(runtime, world, index, *, now=NOW):
    from feedback_bot.models import OpenDay, Resident

    with runtime.transaction() as session:
        resident = session.get(Resident, world["residents"][index])
        open_day = session.get(OpenDay, world["open_day"])
        registration = open_days.register(session, runtime, resident, open_day, now=now)
        return registration.id, registration.status, registration.code


def test_places_then_waitlist_with_unique_latin_codes(runtime, world):
    first = register(runtime, world, 0)
    second = register(runtime, world, 1, now=NOW + dt.timedelta(minutes=1))
    third = register(runtime, world, 2, now=NOW + dt.timedelta(minutes=2))
    assert [r[1] for r in (first, second, third)] == ["registered", "registered", "waitlisted"]
    codes = {r[2] for r in (first, second, third)}
    assert len(codes) == 3
    assert all(len(code) == 6 and set(code) <= ALPHABET for code in codes)


def test_registering_twice_returns_the_same_registration(runtime, world):
    assert register(runtime, world, 0) == register(runtime, world, 0)
    with runtime.transaction() as session:
        assert open_days.places_taken(session, world["open_day"]) == 1


def test_cancelling_a_place_promotes_the_first_waitlisted_who_is_told(runtime, world):
    holder = register(runtime, world, 0)
    register(runtime, world, 1)
    first_waiting = register(runtime, world, 2, now=NOW + dt.timedelta(minutes=5))
    register(runtime, world, 3, now=NOW + dt.timedelta(minutes=9))
    later = NOW + dt.timedelta(hours=2)
    with runtime.transaction() as session:
        promoted = open_days.cancel_registration(
            session, runtime, session.get(Registration, holder[0]), now=later
        )
        assert promoted.id == first_waiting[0]
        assert promoted.status == "registered" and promoted.promoted_at == later
    [message] = queued(runtime, "open_day_promoted")
    assert message.resident_id == world["residents"][2]
    assert message.template_name == "OPEN_DAY_PROMOTED"
    assert message.language == "ar"
    assert first_waiting[2] in message.body and "العشار" in message.body
    assert "05/12 10:00" in message.body
    assert message.template_variables == {
        "1": "يوم مفتوح",
        "2": "العشار",
        "3": "05/12 10:00",
        "4": first_waiting[2],
    }


def test_cancelling_a_waitlist_entry_promotes_nobody(runtime, world):
    register(runtime, world, 0)
    register(runtime, world, 1)
    waiting = register(runtime, world, 2)
    register(runtime, world, 3, now=NOW + dt.timedelta(minutes=1))
    with runtime.transaction() as session:
        promoted = open_days.cancel_registration(
            session, runtime, session.get(Registration, waiting[0]), now=NOW
        )
    assert promoted is None
    assert queued(runtime) == []


def test_nobody_is_promoted_once_the_open_day_has_started(runtime, world):
    holder = register(runtime, world, 0)
    register(runtime, world, 1)
    register(runtime, world, 2)
    with runtime.transaction() as session:
        promoted = open_days.cancel_registration(
            session,
            runtime,
            session.get(Registration, holder[0]),
            now=DAY + dt.timedelta(minutes=5),
        )
    assert promoted is None
    assert queued(runtime) == []


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(runtime, world):
    mine = register(runtime, world, 0)
    register(runtime, world, 1)
    with runtime.transaction() as session:
        open_days.cancel_registration(session, runtime, session.get(Registration, mine[0]), now=NOW)
    register(runtime, world, 2, now=NOW + dt.timedelta(minutes=1))
    again = register(runtime, world, 0, now=NOW + dt.timedelta(minutes=2))
    assert again[0] == mine[0] and again[2] == mine[2]
    assert again[1] == "waitlisted"


def test_no_registration_for_a_cancelled_or_started_open_day(runtime, world):
    with pytest.raises(open_days.OpenDayClosed):
        register(runtime, world, 0, now=DAY)
    with runtime.transaction() as session:
        from feedback_bot.models import OpenDay

        session.get(OpenDay, world["open_day"]).cancelled_at = NOW
    with pytest.raises(open_days.OpenDayClosed):
        register(runtime, world, 0)


def test_upcoming_open_days_at_the_station_soonest_first(runtime, world):
    with runtime.transaction() as session:
        from feedback_bot.models import Station

        basra = session.get(Station, world["stations"]["BSR-01"])
        baghdad = session.get(Station, world["stations"]["BGD-01"])
        sooner = add_open_day(session, basra, starts_at=local(2026, 12, 3, 9, 0))
        cancelled = add_open_day(session, basra, starts_at=local(2026, 12, 4, 9, 0))
        cancelled.cancelled_at = NOW
        add_open_day(session, basra, starts_at=local(2026, 11, 30, 9, 0))
        add_open_day(session, baghdad, starts_at=local(2026, 12, 4, 9, 0))
        sooner_id = sooner.id
    with runtime.transaction() as session:
        upcoming = open_days.upcoming_open_days(session, world["stations"]["BSR-01"], now=NOW)
        assert [o.id for o in upcoming] == [sooner_id, world["open_day"]]


def test_current_registration_lasts_until_the_open_day_ends(runtime, world):
    mine = register(runtime, world, 0)
    resident_id = world["residents"][0]
    with runtime.transaction() as session:
        assert open_days.current_registration(session, resident_id, now=NOW).id == mine[0]
        during = DAY + dt.timedelta(hours=1)
        assert open_days.current_registration(session, resident_id, now=during).id == mine[0]
        after = DAY + dt.timedelta(hours=3)
        assert open_days.current_registration(session, resident_id, now=after) is None
        assert open_days.current_registration(session, world["residents"][1], now=NOW) is None


def test_attendance_by_code_in_any_case(runtime, world):
    _, _, code = register(runtime, world, 0)
    at_the_door = DAY + dt.timedelta(minutes=30)
    with runtime.transaction() as session:
        registration = open_days.mark_attended(session, f" {code.lower()} ", now=at_the_door)
        assert registration.status == "attended"
        assert registration.attended_at == at_the_door
    with runtime.transaction() as session:
        again = open_days.mark_attended(session, code, now=at_the_door + dt.timedelta(hours=1))
        assert again.attended_at == at_the_door


def test_attendance_refuses_unknown_cancelled_and_too_early_codes(runtime, world):
    registration_id, _, code = register(runtime, world, 0)
    with runtime.transaction() as session, pytest.raises(UserError, match="No registration"):
        open_days.mark_attended(session, "ZZZZZZ", now=DAY)
    with runtime.transaction() as session, pytest.raises(UserError, match="not started"):
        open_days.mark_attended(session, code, now=DAY - dt.timedelta(days=1))
    with runtime.transaction() as session:
        open_days.cancel_registration(
            session, runtime, session.get(Registration, registration_id), now=NOW
        )
    with runtime.transaction() as session, pytest.raises(UserError, match="cancelled"):
        open_days.mark_attended(session, code, now=DAY)
