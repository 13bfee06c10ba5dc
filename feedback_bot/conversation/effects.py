"""What the engine returns: the resident's new state, its replies, and the effects to record.

Plain frozen records; the service layer (``services/conversation_effects.py``) applies them
to the database inside the transaction that handles the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SetLanguage:
    language: str


@dataclass(frozen=True)
class GiveConsent:
    pass


@dataclass(frozen=True)
class Forget:
    """Delete the resident and everything about them (declined consent, a minor)."""


@dataclass(frozen=True)
class Erase:
    """The resident asked for erasure and confirmed it: like Forget, and it is audited."""


@dataclass(frozen=True)
class SetStation:
    station_id: int


@dataclass(frozen=True)
class SetProfile:
    gender: int | None
    age_band: int | None


@dataclass(frozen=True)
class OptOut:
    pass


@dataclass(frozen=True)
class OptIn:
    pass


@dataclass(frozen=True)
class StartResponse:
    """Open a Response row; the service writes its id into ``state["poll"]["response_id"]``."""

    poll_id: str
    poll_version: int
    wave: int
    station_id: int
    followup_id: int | None = None
    open_day_id: int | None = None


@dataclass(frozen=True)
class RecordAnswer:
    question_id: str
    status: str  # answered | unanswered | skipped
    code: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class CompleteResponse:
    poll_id: str
    wave: int
    followup_id: int | None = None


@dataclass(frozen=True)
class CloseResponse:
    """An unfinished response ends: ``expired`` (24 h silence) or ``abandoned``."""

    response_id: int
    status: str


@dataclass(frozen=True)
class AcceptWave:
    followup_id: int


@dataclass(frozen=True)
class DeclineWave:
    followup_id: int


@dataclass(frozen=True)
class RegisterOpenDay:
    """Register (or waitlist); the service's reply (code or waitlist place) goes first."""

    open_day_id: int


@dataclass(frozen=True)
class CancelRegistration:
    registration_id: int


@dataclass
class Outcome:
    state: dict[str, Any]
    replies: list[str] = field(default_factory=list)
    effects: list[Any] = field(default_factory=list)
