"""A wave from invitation to answers: "1" runs the poll again as wave 2, "2" declines it."""

import datetime as dt
import itertools

from sqlalchemy import select

from feedback_bot.jobs import run_job
from feedback_bot.messaging import InboundMessage
from feedback_bot.models import Followup, Response
from feedback_bot.services import waves
from feedback_bot.services.inbound import receiving as inbound
from tests.support.scheduling import add_resident, add_stations, local

PHONE = "+9647709999001"
WAVE_ONE = local(2026, 9, 1, 18, 0)
INVITED = WAVE_ONE + dt.timedelta(days=30)
_sids = itertools.count(1)


def invited_resident(runtime):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        resident = add_resident(session, runtime, PHONE, station=station, language="en")
        waves.schedule_followups(session, runtime, resident, completed_at=WAVE_ONE)
    run_job("followups", runtime, now=INVITED)


def say(runtime, text, at):
    message = InboundMessage(
        message_sid=f"SM{next(_sids):032d}",
        channel="whatsapp",
        phone=PHONE,
        body=text,
        received_at=at,
    )
    return inbound.receive(runtime, message)


def wave_two(runtime):
    with runtime.transaction() as session:
        return session.scalar(select(Followup).where(Followup.wave == 2))


def test_yes_runs_the_poll_again_recorded_as_wave_two(runtime):
    invited_resident(runtime)
    at = INVITED + dt.timedelta(hours=2)
    say(runtime, "1", at)
    assert wave_two(runtime).status == "accepted"
    for minute, answer in enumerate(["1", "2", "1", "3", "1", "0"], start=1):
        say(runtime, answer, at + dt.timedelta(minutes=minute))
    followup = wave_two(runtime)
    assert followup.status == "completed"
    with runtime.transaction() as session:
        response = session.get(Response, followup.response_id)
        assert (response.poll_id, response.wave, response.status) == ("trust", 2, "completed")


def test_not_now_declines_the_wave(runtime):
    invited_resident(runtime)
    say(runtime, "2", INVITED + dt.timedelta(hours=1))
    assert wave_two(runtime).status == "declined"
    with runtime.transaction() as session:
        assert session.scalars(select(Response)).all() == []


def test_a_yes_after_the_wave_closed_does_not_reopen_it(runtime):
    invited_resident(runtime)
    closed = INVITED + dt.timedelta(days=8)
    run_job("followups", runtime, now=closed)
    assert wave_two(runtime).status == "missed"
    say(runtime, "1", closed + dt.timedelta(minutes=1))
    assert wave_two(runtime).status == "missed"
    with runtime.transaction() as session:
        assert session.scalars(select(Response).where(Response.wave == 2)).all() == []
