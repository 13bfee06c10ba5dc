"""Build poll data through the models directly, for the summary tests."""

import datetime as dt
import itertools

from feedback_bot.models import Answer, Resident, Response, Station

BAGHDAD = dt.timezone(dt.timedelta(hours=3))
WEEK = dt.date(2026, 11, 4)  # a Wednesday; the week runs Sunday 1 to Saturday 7 November
SUNDAY = dt.datetime(2026, 11, 1, tzinfo=BAGHDAD)
LATER = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
ALL_TRUST = {
    "trust_police": 1,
    "safe_after_dark": 1,
    "police_respect": 1,
    "report_crime": 1,
    "women_access": 1,
}
_numbers = itertools.count(1000001)


def add_station(session, code="BGD-01"):
    station = Station(
        code=code,
        match_key=code.lower().replace("-", ""),
        governorate="Baghdad",
        name_ar="م",
        name_ckb="ک",
        name_kmr="K",
        name_en=code,
    )
    session.add(station)
    session.flush()
    return station


def add_resident(session, vault, station, *, gender=1, consented_at=SUNDAY):
    phone = f"+964750{next(_numbers)}"
    resident = Resident(
        phone_lookup=vault.lookup_hash(phone),
        phone_encrypted=vault.encrypt(phone),
        respondent_id=vault.respondent_id(phone),
        channel="whatsapp",
        language="ar",
        consented_at=consented_at,
        station_id=station.id,
        gender=gender,
    )
    session.add(resident)
    session.flush()
    return resident


def add_response(session, resident, station, completed_at, answers, *, wave=1, status="completed"):
    response = Response(
        resident_id=resident.id,
        poll_id="trust",
        poll_version=1,
        wave=wave,
        station_id=station.id,
        channel="whatsapp",
        language="ar",
        status=status,
        started_at=completed_at - dt.timedelta(minutes=5),
        completed_at=completed_at if status == "completed" else None,
    )
    session.add(response)
    session.flush()
    for question_id, code in answers.items():
        session.add(
            Answer(
                response_id=response.id,
                question_id=question_id,
                answer_code=code,
                answered_at=completed_at,
                status="answered" if code is not None else "unanswered",
            )
        )
    session.flush()
    return response


def respondents(session, vault, station, count, *, when, answers, gender=1, wave=1):
    for _ in range(count):
        add_response(
            session,
            add_resident(session, vault, station, gender=gender),
            station,
            when,
            answers,
            wave=wave,
        )
