"""The engine's context takes loaders: each runs once, and only if the engine reads the fact."""

from __future__ import annotations

import dataclasses
import datetime as dt

from feedback_bot.conversation import context as c

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
STATION = c.StationView(2, "BGD-01", "bgd01", {"en": "Karrada"})


def _counting(calls: list[str], name: str, value):
    def load():
        calls.append(name)
        return value

    return load


def test_loaders_run_once_and_only_when_read():
    calls: list[str] = []
    resident = c.ResidentView(language="en", trust_completed=_counting(calls, "trust", True))
    ctx = c.Context(
        now=NOW,
        resident=resident,
        stations=_counting(calls, "stations", (STATION,)),
        open_days=_counting(calls, "open_days", {}),
        registration=_counting(calls, "registration", None),
    )
    assert calls == []
    assert ctx.resident.trust_completed is True and ctx.resident.trust_completed is True
    assert ctx.stations == (STATION,) and ctx.stations == (STATION,)
    assert ctx.open_days == {} and ctx.registration is None and ctx.registration is None
    assert sorted(calls) == ["open_days", "registration", "stations", "trust"]


def test_one_station_is_found_without_loading_them_all_until_they_are_loaded():
    calls: list[str] = []
    ctx = c.Context(
        now=NOW,
        resident=c.ResidentView(),
        stations=_counting(calls, "stations", (STATION,)),
        find_station=lambda station_id: calls.append(f"id {station_id}") or STATION,
        find_station_by_key=lambda key: calls.append(f"key {key}") or None,
    )
    assert ctx.station(2) is STATION and ctx.station_by_key("bsr01") is None
    assert ctx.station(None) is None
    assert calls == ["id 2", "key bsr01"]
    assert ctx.stations == (STATION,)
    assert ctx.station(2) is STATION and ctx.station_by_key("bgd01") is STATION
    assert calls == ["id 2", "key bsr01", "stations"]


def test_plain_values_work_as_before():
    resident = c.ResidentView(language="ar", trust_completed=False)
    assert dataclasses.replace(resident, trust_completed=True).trust_completed is True
    ctx = c.Context(now=NOW, resident=resident, stations=(STATION,))
    assert ctx.open_days == {} and ctx.registration is None
    assert ctx.station(2) is STATION and ctx.station_by_key("bgd01") is STATION
