"""Demo data for a local run: six stations (flagged is_demo) and an upcoming Open Day at each."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_bot.models import Station
from feedback_bot.runtime import Runtime
from feedback_bot.services.open_days.admin import create_open_day
from feedback_bot.services.open_days.registrations import upcoming_open_days
from feedback_bot.services.stations import upsert_stations

__all__ = ["DEMO_STATIONS", "seed"]

# Short place names: the station menu must fit two SMS segments in Arabic script.
DEMO_STATIONS = [
    {"code": "ANB-01", "governorate": "Anbar", "name_ar": "الرمادي", "name_ckb": "ڕەمادی",
     "name_kmr": "Remadî", "name_en": "Ramadi"},
    {"code": "ANB-02", "governorate": "Anbar", "name_ar": "الفلوجة", "name_ckb": "فەلووجە",
     "name_kmr": "Felûce", "name_en": "Fallujah"},
    {"code": "BGD-01", "governorate": "Baghdad", "name_ar": "الكرادة", "name_ckb": "کەڕادە",
     "name_kmr": "Kerade", "name_en": "Karrada"},
    {"code": "BGD-02", "governorate": "Baghdad", "name_ar": "الأعظمية", "name_ckb": "ئەعزەمیە",
     "name_kmr": "Ezemiye", "name_en": "Adhamiya"},
    {"code": "BSR-01", "governorate": "Basra", "name_ar": "العشار", "name_ckb": "عەشار",
     "name_kmr": "Eşar", "name_en": "Ashar"},
    {"code": "NIN-01", "governorate": "Ninewa", "name_ar": "الموصل", "name_ckb": "مووسڵ",
     "name_kmr": "Mûsil", "name_en": "Mosul"},
]  # fmt: skip

OPEN_DAY_TITLES = {
    "title_ar": "يوم مفتوح",
    "title_ckb": "ڕۆژی کراوە",
    "title_kmr": "Roja Vekirî",
    "title_en": "Open Day",
}


def seed_demo(session: Session, *, now: dt.datetime, timezone: str) -> tuple[int, int]:
    """Upsert the demo stations and give each one upcoming Open Day; safe to run twice."""
    upsert_stations(session, DEMO_STATIONS, demo=True)
    tz = ZoneInfo(timezone)
    local_day = (now.astimezone(tz) + dt.timedelta(days=10)).date()
    # Iraq's weekend is Friday and Saturday: hold the demo Open Days on a working day.
    while local_day.weekday() in (4, 5):
        local_day += dt.timedelta(days=1)
    created = 0
    titles = {key.removeprefix("title_"): title for key, title in OPEN_DAY_TITLES.items()}
    for station in session.scalars(select(Station).where(Station.is_demo)):
        if upcoming_open_days(session, station.id, now=now):
            continue
        starts = dt.datetime.combine(local_day, dt.time(10, 0), tz)
        create_open_day(
            session,
            station_code=station.code,
            starts_at=starts.astimezone(dt.UTC),
            ends_at=(starts + dt.timedelta(hours=3)).astimezone(dt.UTC),
            capacity=40,
            titles=titles,
            now=now,
        )
        created += 1
    session.flush()
    return len(DEMO_STATIONS), created


def seed(runtime: Runtime, *, now: dt.datetime) -> tuple[int, int]:
    """The demo stations and their Open Days in one transaction; (stations, new Open Days)."""
    with runtime.transaction() as session:
        return seed_demo(session, now=now, timezone=runtime.config["TIMEZONE"])
