"""Stations: import from CSV (upsert, file order is menu order) and lookup by code.

Use cases (each takes the runtime and owns its transaction): ``import_stations``,
``all_stations``, ``station``. The session-taking helpers below serve other services.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_bot.errors import UserError
from feedback_bot.models import Station
from feedback_bot.runtime import Runtime

__all__ = ["ImportResult", "all_stations", "import_stations", "match_key", "station"]

COLUMNS = ("code", "governorate", "name_ar", "name_ckb", "name_kmr", "name_en")
CODE_PATTERN = re.compile(r"^[A-Z]{2,5}-?\d{1,4}$")


def match_key(code: str) -> str:
    """How a station code is matched: letters and digits only, lower case ("BGD-01" -> "bgd01")."""
    return re.sub(r"[^0-9a-z]", "", code.lower())


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def parse_rows(text: str) -> list[dict[str, str]]:
    """Validate a stations CSV; a bad row raises UserError naming its line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError(
            f"The stations file needs the columns {','.join(COLUMNS)}; missing: {', '.join(missing)}."
        )
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        empty = [c for c in COLUMNS if not values[c]]
        if empty:
            raise UserError(f"Line {line}: {', '.join(empty)} is empty.")
        code = values["code"].upper()
        if not CODE_PATTERN.match(code):
            raise UserError(
                f"Line {line}: station code {values['code']!r} should look like BGD-01."
            )
        key = match_key(code)
        if key in seen:
            raise UserError(f"Line {line}: station code {code} repeats line {seen[key]}.")
        seen[key] = line
        values["code"] = code
        rows.append(values)
    if not rows:
        raise UserError("The stations file has no rows.")
    return rows


def upsert_stations(
    session: Session, rows: Iterable[dict[str, str]], *, demo: bool = False
) -> ImportResult:
    """Create or update stations by code; their order in ``rows`` becomes the menu order."""
    existing = {s.match_key: s for s in session.scalars(select(Station))}
    created = updated = 0
    for order, values in enumerate(rows, start=1):
        key = match_key(values["code"])
        station = existing.get(key)
        if station is None:
            station = Station(match_key=key, is_demo=demo)
            session.add(station)
            created += 1
        else:
            updated += 1
        for column in COLUMNS:
            setattr(station, column, values[column])
        station.menu_order = order
    session.flush()
    return ImportResult(created=created, updated=updated)


def list_stations(session: Session) -> list[Station]:
    return list(session.scalars(select(Station).order_by(Station.menu_order, Station.id)))


def find_by_code(session: Session, text: str) -> Station | None:
    return session.scalar(select(Station).where(Station.match_key == match_key(text)))


def import_stations(runtime: Runtime, text: str) -> ImportResult:
    """Validate a whole stations CSV, then upsert it; a bad row changes nothing."""
    rows = parse_rows(text)
    with runtime.transaction() as session:
        return upsert_stations(session, rows)


def all_stations(runtime: Runtime) -> list[Station]:
    """Every station in menu order."""
    with runtime.transaction() as session:
        return list_stations(session)


def station(runtime: Runtime, code: str) -> Station | None:
    """The station with this code (any case, with or without the dash), or None."""
    with runtime.transaction() as session:
        return find_by_code(session, code)
