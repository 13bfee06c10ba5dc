"""Rows built straight through the models, for tests that need data without a conversation."""

from __future__ import annotations

import datetime as dt
import itertools

from feedback_bot.models import Answer, Resident, Response, Station
from feedback_bot.services.stations import match_key

CONSENTED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# One counter for every test module, so two helpers never hand out the same number.
_numbers = itertools.count(1000001)


def new_phone() -> str:
    return f"+964750{next(_numbers)}"


def add_station(session, code: str = "BGD-01", name_en: str = "Karrada") -> Station:
    station = Station(
        code=code,
        match_key=match_key(code),
        governorate="Baghdad",
        name_ar="الكرادة",
        name_ckb="کەڕادە",
        name_kmr="Kerade",
        name_en=name_en,
    )
    session.add(station)
    session.flush()
    return station


def add_resident(
    session, vault, station: Station, *, gender: int = 1, consented_at: dt.datetime = CONSENTED
) -> Resident:
    phone = new_phone()
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


def add_response(
    session,
    resident: Resident,
    station: Station,
    completed_at: dt.datetime,
    answers: dict[str, int | None],
    *,
    wave: int = 1,
    status: str = "completed",
    poll_version: int = 1,
) -> Response:
    """A trust response started five minutes before ``completed_at``; None codes are unanswered."""
    response = Response(
        resident_id=resident.id,
        poll_id="trust",
        poll_version=poll_version,
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
    session.add_all(
        Answer(
            response_id=response.id,
            question_id=question_id,
            answer_code=code,
            answered_at=completed_at,
            status="answered" if code is not None else "unanswered",
        )
        for question_id, code in answers.items()
    )
    session.flush()
    return response
