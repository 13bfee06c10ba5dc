"""Helpers for the waves and Open Day tests: stations, residents, Open Days, the outbox."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from feedback_bot.models import OpenDay, OutboxMessage, Resident, Station
from feedback_bot.services.stations import upsert_stations

BAGHDAD = ZoneInfo("Asia/Baghdad")
STATIONS = [
    {"code": "BSR-01", "governorate": "Basra", "name_ar": "العشار", "name_ckb": "عەشار",
     "name_kmr": "Eşar", "name_en": "Ashar"},
    {"code": "BGD-01", "governorate": "Baghdad", "name_ar": "الكرادة", "name_ckb": "کەڕادە",
     "name_kmr": "Kerade", "name_en": "Karrada"},
]  # fmt: skip


def local(*args: int) -> dt.datetime:
    """A Baghdad wall-clock time as aware UTC."""
    return dt.datetime(*args, tzinfo=BAGHDAD).astimezone(dt.UTC)


def add_stations(session) -> dict[str, Station]:
    upsert_stations(session, STATIONS)
    return {s.code: s for s in session.scalars(select(Station))}


def add_resident(
    session,
    runtime,
    phone: str,
    *,
    station: Station | None,
    language: str = "ar",
    channel: str = "whatsapp",
    consented: bool = True,
    opted_out: bool = False,
) -> Resident:
    resident = Resident(
        phone_lookup=runtime.vault.lookup_hash(phone),
        phone_encrypted=runtime.vault.encrypt(phone),
        respondent_id=runtime.vault.respondent_id(phone),
        channel=channel,
        language=language,
        consented_at=local(2026, 10, 1, 12, 0) if consented else None,
        station_id=station.id if station else None,
        opted_out=opted_out,
    )
    session.add(resident)
    session.flush()
    return resident


def add_open_day(
    session, station: Station, *, starts_at: dt.datetime, capacity: int = 2, **titles: str
) -> OpenDay:
    open_day = OpenDay(
        station_id=station.id,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        capacity=capacity,
        **{f"title_{lang}": title for lang, title in titles.items()},
    )
    session.add(open_day)
    session.flush()
    return open_day


def queued(runtime, kind: str | None = None) -> list[OutboxMessage]:
    """Outbox rows (of one kind if given), oldest first."""
    with runtime.transaction() as session:
        statement = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            statement = statement.where(OutboxMessage.kind == kind)
        return list(session.scalars(statement))
