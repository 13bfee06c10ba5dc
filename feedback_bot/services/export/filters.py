"""What an analyst asks to export (format, station, dates), checked once for CLI and API alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from feedback_bot.errors import UserError
from feedback_bot.services.stations import find_by_code

FORMATS = ("long", "wide")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class ExportRequest:
    """A checked request. ``since``/``until`` are inclusive local days on response start."""

    format: str = "long"
    station_code: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bom: bool = False


@dataclass(frozen=True)
class ResolvedFilters:
    """The request in database terms: a station and a half-open UTC interval."""

    station_id: int | None
    station_code: str | None
    start_utc: dt.datetime | None
    end_utc: dt.datetime | None


def parse_request(
    *,
    format: str | None = None,
    station: str | None = None,
    since: str | None = None,
    until: str | None = None,
    bom: str | bool | None = None,
) -> ExportRequest:
    """Check raw parameters (strings from the command line or a query string)."""
    fmt = (format or "long").strip().lower()
    if fmt not in FORMATS:
        raise UserError(f"format must be long or wide, not {format!r}.")
    since_day = _parse_day("since", since)
    until_day = _parse_day("until", until)
    if since_day and until_day and since_day > until_day:
        raise UserError(f"since ({since_day}) is after until ({until_day}); swap them.")
    return ExportRequest(
        format=fmt,
        station_code=(station or "").strip() or None,
        since=since_day,
        until=until_day,
        bom=_parse_flag("bom", bom),
    )


def _parse_day(name: str, value: str | None) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"{name} must be a date written YYYY-MM-DD, such as 2026-03-01, not {value!r}."
        ) from None


def _parse_flag(name: str, value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise UserError(f"{name} must be 1 or 0, not {value!r}.")


def resolve(session: Session, request: ExportRequest, *, timezone: str) -> ResolvedFilters:
    """Look the station up and turn local days into UTC bounds; unknown station is an error."""
    station_id = station_code = None
    if request.station_code:
        station = find_by_code(session, request.station_code)
        if station is None:
            raise UserError(f"There is no station with code {request.station_code}.")
        station_id, station_code = station.id, station.code
    tz = ZoneInfo(timezone)
    start = _local_midnight(request.since, tz) if request.since else None
    end = _local_midnight(request.until + dt.timedelta(days=1), tz) if request.until else None
    return ResolvedFilters(station_id, station_code, start_utc=start, end_utc=end)


def _local_midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tz).astimezone(dt.UTC)
