"""Test data for the dashboard, digest and browser tests, built through the models."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from feedback_bot.models import OpenDay, Registration, Station
from feedback_bot.services.accounts.users import create_user
from tests.support.factories import add_resident, add_response, add_station

__all__ = ["add_open_day", "add_resident", "add_response", "add_station", "add_user", "seed_week"]

PASSWORD = "correct horse battery staple"
BAGHDAD = ZoneInfo("Asia/Baghdad")


def answers(code: int, *, women_access: int | None) -> dict[str, int | None]:
    return {
        "trust_police": code,
        "safe_after_dark": code,
        "police_respect": code,
        "report_crime": code,
        "women_access": women_access,
    }


def week_sunday(day: dt.date) -> dt.date:
    """The Sunday (the default WEEK_START) that starts the week containing DAY."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def seed_week(session, vault, station: Station, week_start: dt.date, *, trusting=9, others=3):
    """TRUSTING + OTHERS respondents on the Tuesday of that week; only 6 answer women_access,
    so that indicator is suppressed while the others are shown."""
    when = dt.datetime.combine(week_start + dt.timedelta(days=2), dt.time(11), BAGHDAD)
    for index in range(trusting + others):
        code = 1 if index < trusting else 3
        access = 1 if index < 6 else None
        resident = add_resident(session, vault, station, gender=1 + index % 2)
        add_response(session, resident, station, when, answers(code, women_access=access))


def add_user(runtime, name: str, role: str, station_code: str | None = None, **kwargs):
    with runtime.transaction() as session:
        user = create_user(
            session,
            name=name,
            role=role,
            password=PASSWORD,
            station_code=station_code,
            vault=runtime.vault,
            hash_method=runtime.config["PASSWORD_HASH_METHOD"],
            **kwargs,
        )
        return user.id


def add_open_day(session, station: Station, starts_at: dt.datetime, capacity: int = 20) -> OpenDay:
    open_day = OpenDay(
        station_id=station.id,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        capacity=capacity,
        title_en="Open Day at the station",
        title_ar="يوم مفتوح في المركز",
    )
    session.add(open_day)
    session.flush()
    return open_day


def register(session, vault, open_day: OpenDay, station: Station, code: str, status="registered"):
    resident = add_resident(session, vault, station)
    session.add(
        Registration(open_day_id=open_day.id, resident_id=resident.id, code=code, status=status)
    )
    session.flush()


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client, path="/dashboard/login"):
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def login(client, name, password=PASSWORD, address="10.0.0.1"):
    token = csrf(client)
    return client.post(
        "/dashboard/login",
        data={"csrf_token": token, "name": name, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
