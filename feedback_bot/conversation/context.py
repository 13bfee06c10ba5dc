"""What the engine reads: one message and the read-only facts about the resident.

Plain data only: the service layer builds these from the database. What the engine
returns (state, replies, effects) is in ``effects.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from feedback_bot.conversation.normalise import button_choice, menu_choice, normalise


@dataclass(frozen=True)
class Incoming:
    """One message from the resident, normalised once."""

    text: str  # as typed, outer whitespace trimmed (kept for free-text answers)
    normalised: str
    channel: str = "sms"
    button_payload: str | None = None
    opt_out_type: str | None = None  # Twilio Advanced Opt-Out: STOP | START | HELP

    @classmethod
    def from_text(
        cls,
        text: str | None,
        *,
        channel: str = "sms",
        button_payload: str | None = None,
        opt_out_type: str | None = None,
    ) -> Incoming:
        return cls(
            text=(text or "").strip(),
            normalised=normalise(text),
            channel=channel,
            button_payload=(button_payload or None),
            opt_out_type=(opt_out_type or "").strip().upper() or None,
        )

    def choice(self, question_id: str | None = None) -> int | None:
        """The numbered option chosen: a quick-reply tap, or a reply that is only a number."""
        if self.button_payload:
            tapped = button_choice(self.button_payload, question_id)
            if tapped is not None:
                return tapped
        return menu_choice(self.normalised)


@dataclass(frozen=True)
class StationView:
    id: int
    code: str
    match_key: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get("en") or self.code


@dataclass(frozen=True)
class OpenDayView:
    id: int
    station_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RegistrationView:
    id: int
    code: str
    status: str  # registered | waitlisted
    open_day: OpenDayView


def _resolve(facts: dict[str, Any], name: str) -> Any:
    """A fact given as a loader (a callable without arguments) is loaded once, when first read."""
    value = facts[name]
    if callable(value):
        value = facts[name] = value()
    return value


class _ReadOnFirstUse:
    """A dataclass field that takes a value or a loader; the loader runs when the field is read."""

    def __init__(self, default: Any):
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self.default  # what the dataclass takes as the field's default
        return _resolve(obj.__dict__.setdefault("_facts", {}), self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__.setdefault("_facts", {})[self.name] = value


@dataclass(frozen=True)
class ResidentView:
    language: str | None = None
    consented: bool = False
    station_id: int | None = None
    profile_known: bool = False
    opted_out: bool = False
    # A wave-1 trust poll is on record (a bool, or a loader asked only when the engine reads it).
    trust_completed: _ReadOnFirstUse = _ReadOnFirstUse(False)


class Context:
    """What the engine may read besides the message and the state; read-only.

    ``stations``, ``open_days`` (by station) and ``registration`` are each given as a value
    or as a loader (a callable without arguments) that runs the first time the engine reads
    the fact, so a message that needs none of them costs no query for them. Until
    ``stations`` is loaded, ``station`` and ``station_by_key`` ask ``find_station`` and
    ``find_station_by_key`` (one station each), when given.
    """

    def __init__(
        self,
        now: dt.datetime,
        resident: ResidentView,
        stations: tuple[StationView, ...] | Callable[[], tuple[StationView, ...]] = (),
        open_days: dict[int, tuple[OpenDayView, ...]]
        | Callable[[], dict[int, tuple[OpenDayView, ...]]]
        | None = None,
        registration: RegistrationView | Callable[[], RegistrationView | None] | None = None,
        timezone: str = "Asia/Baghdad",
        *,
        find_station: Callable[[int], StationView | None] | None = None,
        find_station_by_key: Callable[[str], StationView | None] | None = None,
        site_url: str = "",
    ):
        self.now = now
        self.site_url = site_url  # PUBLIC_BASE_URL: where /privacy and / are (links in texts)
        self.resident = resident
        self.timezone = timezone
        self._facts: dict[str, Any] = {
            "stations": stations,
            "open_days": {} if open_days is None else open_days,
            "registration": registration,
        }
        self._find_station = find_station
        self._find_station_by_key = find_station_by_key

    @property
    def stations(self) -> tuple[StationView, ...]:
        return _resolve(self._facts, "stations")

    @property
    def open_days(self) -> dict[int, tuple[OpenDayView, ...]]:
        return _resolve(self._facts, "open_days")

    @property
    def registration(self) -> RegistrationView | None:
        return _resolve(self._facts, "registration")

    def _stations_pending(self) -> bool:
        return callable(self._facts["stations"])

    def station(self, station_id: int | None) -> StationView | None:
        if station_id is None:
            return None
        if self._find_station is not None and self._stations_pending():
            return self._find_station(station_id)
        return next((s for s in self.stations if s.id == station_id), None)

    def station_by_key(self, key: str) -> StationView | None:
        if self._find_station_by_key is not None and self._stations_pending():
            return self._find_station_by_key(key)
        return next((s for s in self.stations if s.match_key == key), None)
