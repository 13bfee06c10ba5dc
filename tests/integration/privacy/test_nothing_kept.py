"""A resident who declines consent or is under 18 leaves no row at all, message records included."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from feedback_bot.models import ReceivedMessage, Resident
from tests.support.audit import entries
from tests.support.privacy_walk import leftovers, snapshot, trace_of
from tests.support.scheduling import add_open_day, add_resident, add_stations, queued
from tests.support.talker import NOW, OPEN_DAY_STARTS, Talker, status_of
from tests.support.twilio import Phone

PHONE = "+9647701240001"
# Everything but the stations, Open Days and other residents of the fixture stays empty.
STATIC_TABLES = {"stations", "open_days"}


@pytest.fixture
def stations(runtime):
    with runtime.transaction() as session:
        add_stations(session)


def _rows_outside(runtime, allowed: set[str]) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(runtime).items() if rows} | {
        name: 0 for name in allowed
    }


def _walk_last_message(runtime, resident: Talker, texts: list[str], last: str) -> str:
    """Send TEXTS, trace the resident, send LAST; the reply to LAST (the walk must be empty)."""
    resident.conversation(texts, NOW)
    trace = trace_of(runtime, [resident.resident_id()], phone=resident.phone)
    reply = resident.say(last, NOW + dt.timedelta(minutes=len(texts)))
    trace.tokens |= set(resident.sids)
    assert leftovers(runtime, trace) == []
    return reply


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_declining_consent_leaves_nothing(stations, runtime, channel):
    resident = Talker(runtime, PHONE, channel)
    reply = _walk_last_message(runtime, resident, ["hello", "4"], "2")
    assert reply == "Thank you. Nothing about you has been kept. Goodbye."
    assert resident.resident_id() is None
    assert _rows_outside(runtime, STATIC_TABLES) == {"stations": 0, "open_days": 0}
    assert entries(runtime) == []  # not even an audit entry: that would be a trace too


def test_a_minor_leaves_nothing(stations, runtime):
    resident = Talker(runtime, PHONE)
    reply = _walk_last_message(runtime, resident, ["BGD-01", "4", "1", "1"], "1")
    assert reply.startswith("Thank you. This poll is for adults only")
    assert _rows_outside(runtime, STATIC_TABLES) == {"stations": 0, "open_days": 0}


def test_a_minor_who_held_an_open_day_place_leaves_nothing_and_the_place_goes_on(runtime):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        add_open_day(session, station, starts_at=OPEN_DAY_STARTS, capacity=1)
        waiting_id = add_resident(session, runtime, "+9647701249999", station=station).id
    minor = Talker(runtime, PHONE)
    registered = minor.conversation(["OPENDAY", "1", "1"], NOW)  # English keyword, agree, Ashar
    assert "Open Days at Ashar" in registered
    code_reply = minor.say("1", NOW + dt.timedelta(minutes=5))
    assert "You are registered" in code_reply
    waiting = Talker(runtime, "+9647701249999")
    waiting.conversation(["OPENDAY", "1"], NOW + dt.timedelta(minutes=10))
    assert status_of(runtime, waiting_id) == "waitlisted"

    reply = _walk_last_message(runtime, minor, ["POLL", "2"], "1")  # a man, under 18
    assert reply.startswith("Thank you. This poll is for adults only")
    assert status_of(runtime, waiting_id) == "registered"
    [told] = queued(runtime, "open_day_promoted")
    assert told.resident_id == waiting_id
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 1


def test_over_signed_webhooks_the_replies_of_a_decliner_are_not_kept(client, stations, runtime):
    phone = Phone(client, PHONE, channel="whatsapp")
    phone.send("مرحبا")
    phone.send("1")
    [goodbye] = phone.send("2")
    assert goodbye == "شكرا لك. لم نحتفظ بأي معلومات عنك. مع السلامة."
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ReceivedMessage)) == 0
        assert session.scalar(select(func.count()).select_from(Resident)) == 0


def test_a_first_message_asking_for_erasure_keeps_nothing(client, stations, runtime):
    phone = Phone(client, PHONE, channel="sms")
    [reply] = phone.send("DELETE")
    assert reply == "Everything we held about you has been erased. Thank you, goodbye."
    assert _rows_outside(runtime, STATIC_TABLES) == {"stations": 0, "open_days": 0}
