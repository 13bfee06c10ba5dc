"""The conversation service on the database: expiry, waves, Open Days, the post-event poll."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import event, select

from feedback_bot.conversation.effects import Outcome, RecordAnswer
from feedback_bot.messaging import InboundMessage
from feedback_bot.models import (
    Answer,
    Conversation,
    Followup,
    OpenDay,
    Registration,
    Resident,
    Response,
)
from feedback_bot.services.inbound import conversations
from feedback_bot.services.inbound import effects as conversation_effects
from feedback_bot.services.inbound import receiving as inbound
from feedback_bot.services.stations import upsert_stations
from tests.support.scheduling import add_open_day, add_resident, add_stations, local

PHONE = "+9647701112233"
START = local(2026, 11, 1, 10, 0)
_sids = itertools.count(1)


def say(runtime, text, at, *, phone=PHONE, channel="sms", **extra):
    message = InboundMessage(
        message_sid=f"SM{next(_sids):032d}",
        channel=channel,
        phone=phone,
        body=text,
        received_at=at,
        **extra,
    )
    return inbound.receive(runtime, message)


def onboarded(runtime, language="en"):
    with runtime.transaction() as session:
        station = add_stations(session)["BGD-01"]
        resident = add_resident(session, runtime, PHONE, station=station, language=language)
        resident.gender, resident.age_band = 2, 4
        return station.id


def answers(runtime, response_id):
    with runtime.transaction() as session:
        rows = session.execute(
            select(Answer.question_id, Answer.answer_code, Answer.status)
            .where(Answer.response_id == response_id)
            .order_by(Answer.id)
        ).all()
        return [tuple(r) for r in rows]


def responses(runtime):
    with runtime.transaction() as session:
        return list(session.scalars(select(Response).order_by(Response.id)))


def test_three_misses_store_the_question_as_unanswered(runtime):
    onboarded(runtime)
    say(runtime, "POLL", START)
    for minute, text in enumerate(["maybe", "7", "3ala"], start=1):
        say(runtime, text, START + dt.timedelta(minutes=minute))
    say(runtime, "1", START + dt.timedelta(minutes=5))
    [response] = responses(runtime)
    assert answers(runtime, response.id) == [
        ("trust_police", None, "unanswered"),
        ("safe_after_dark", 1, "answered"),
    ]


def test_a_poll_left_for_24_hours_expires(runtime):
    onboarded(runtime)
    say(runtime, "POLL", START)
    say(runtime, "1", START + dt.timedelta(minutes=1))
    replies = say(runtime, "2", START + dt.timedelta(hours=25))
    assert replies[0] == "Your earlier poll was closed after a day without a reply."
    first, second = responses(runtime)
    assert (first.status, second.status) == ("expired", "in_progress")
    assert answers(runtime, first.id) == [("trust_police", 1, "answered")]


def test_completing_wave_one_schedules_the_follow_up_waves(runtime):
    onboarded(runtime)
    say(runtime, "POLL", START)
    for minute, text in enumerate(["1", "2", "1", "2", "1", "0"], start=1):
        say(runtime, text, START + dt.timedelta(minutes=minute))
    [response] = responses(runtime)
    assert response.status == "completed"
    assert response.completed_at == START + dt.timedelta(minutes=6)
    with runtime.transaction() as session:
        waves = session.execute(select(Followup.wave, Followup.due_at).order_by(Followup.wave))
        assert [tuple(w) for w in waves] == [
            (2, response.completed_at + dt.timedelta(days=30)),
            (3, response.completed_at + dt.timedelta(days=90)),
        ]


def test_open_day_registration_shows_the_stored_code_and_then_a_waitlist_place(runtime):
    with runtime.transaction() as session:
        station = add_stations(session)["BGD-01"]
        add_open_day(session, station, starts_at=START + dt.timedelta(days=5), capacity=1)
        for phone in (PHONE, "+9647701112244"):
            add_resident(session, runtime, phone, station=station, language="en")
    say(runtime, "OPENDAY", START)
    [registered] = say(runtime, "1", START + dt.timedelta(minutes=1))
    say(runtime, "يوم مفتوح", START, phone="+9647701112244")
    [waitlisted] = say(runtime, "1", START + dt.timedelta(minutes=2), phone="+9647701112244")
    with runtime.transaction() as session:
        codes = dict(session.execute(select(Registration.status, Registration.code)).all())
    assert registered.endswith(f"Your code: {codes['registered']}")
    assert "You are number 1 on the waitlist" in waitlisted


def test_the_open_day_poll_is_recorded_against_its_open_day(runtime):
    station_id = onboarded(runtime, language="ckb")
    with runtime.transaction() as session:
        day = OpenDay(
            station_id=station_id,
            starts_at=START - dt.timedelta(days=1),
            ends_at=START - dt.timedelta(hours=21),
            capacity=10,
        )
        session.add(day)
        session.flush()
        resident = session.scalars(select(Resident)).one()
        text = conversations.open_open_day_poll(session, runtime, resident, day, now=START)
        day_id = day.id
    assert text.startswith("ڕۆژی کراوەی کەڕادە سوودی بۆت هەبوو؟")
    say(runtime, "1", START + dt.timedelta(hours=3))
    [thanks] = say(runtime, "2", START + dt.timedelta(hours=4))
    assert thanks == "سوپاس بۆ وەڵامەکانت!"
    [response] = responses(runtime)
    assert (response.poll_id, response.open_day_id, response.language) == (
        "open_day",
        day_id,
        "ckb",
    )
    assert answers(runtime, response.id) == [
        ("od_useful", 1, "answered"),
        ("od_trust_change", 2, "answered"),
    ]


def test_the_context_costs_the_same_queries_for_2_or_12_stations(runtime):
    def count_queries(n_extra):
        with runtime.transaction() as session:
            names = {"name_ar": "س", "name_ckb": "س", "name_kmr": "S", "name_en": "S"}
            rows = [
                {"code": f"TST-{i:02d}", "governorate": "Test", **names} for i in range(n_extra)
            ]
            if rows:
                upsert_stations(session, rows)
            resident = session.scalars(select(Resident)).one()
            statements = []

            def listener(*args):
                statements.append(args[2])

            event.listen(runtime.engine, "before_cursor_execute", listener)
            try:
                ctx = conversations.build_context(session, runtime, resident, now=START)
            finally:
                event.remove(runtime.engine, "before_cursor_execute", listener)
            return len(statements), len(ctx.stations)

    onboarded(runtime)
    few = count_queries(0)
    many = count_queries(10)
    assert few[1] == 2 and many[1] == 12
    assert few[0] == many[0]


def test_an_answer_is_recorded_once_the_first_one_stays(runtime):
    onboarded(runtime)
    say(runtime, "POLL", START)
    say(runtime, "2", START + dt.timedelta(minutes=1))  # trust_police
    [response] = responses(runtime)
    with runtime.transaction() as session:
        resident = session.scalars(select(Resident)).one()
        conversation = session.scalars(select(Conversation)).one()
        ctx = conversations.build_context(session, runtime, resident, now=START)
        state = {**conversation.state, "poll": {**conversation.state["poll"], "index": 0}}
        outcome = Outcome(state=state, effects=[RecordAnswer("trust_police", "answered", code=5)])
        conversation_effects.apply(
            session, runtime, resident, conversation, outcome, ctx, channel="sms"
        )
    assert answers(runtime, response.id) == [("trust_police", 2, "answered")]
