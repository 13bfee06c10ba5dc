"""An in-memory stand-in for the database around the pure engine: applies its effects to plain data.

It lets unit tests talk to the engine message by message, as a resident would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from feedback_bot.conversation import context as c
from feedback_bot.conversation import effects as e
from feedback_bot.conversation import engine

NOW = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)

STATIONS = (
    c.StationView(1, "ANB-01", "anb01", {"ar": "الرمادي", "ckb": "ڕەمادی", "kmr": "Remadî", "en": "Ramadi"}),
    c.StationView(2, "BGD-01", "bgd01", {"ar": "الكرادة", "ckb": "کەڕادە", "kmr": "Kerade", "en": "Karrada"}),
    c.StationView(3, "BSR-01", "bsr01", {"ar": "العشار", "ckb": "عەشار", "kmr": "Eşar", "en": "Ashar"}),
)  # fmt: skip


class World:
    """One resident, their stored facts and answers, and the engine between them."""

    def __init__(
        self,
        *,
        now: dt.datetime = NOW,
        channel: str = "sms",
        site_url: str = "",
        **resident: Any,
    ):
        self.now = now
        self.site_url = site_url
        self.channel = channel
        self.resident = c.ResidentView(**resident)
        self.state: dict[str, Any] = {}
        self.exists = True
        self.erasure_requested = False
        self.responses: list[dict[str, Any]] = []
        self.open_days: dict[int, tuple[c.OpenDayView, ...]] = {}
        self.registration: c.RegistrationView | None = None
        self.registered: list[int] = []
        self.cancelled: list[int] = []
        self.waves: list[tuple[str, int]] = []
        self.gender: int | None = None
        self.age_band: int | None = None

    def context(self) -> c.Context:
        return c.Context(
            now=self.now,
            resident=self.resident,
            stations=STATIONS,
            open_days=self.open_days,
            registration=self.registration,
            site_url=self.site_url,
        )

    def send(
        self,
        text: str = "",
        *,
        payload: str | None = None,
        opt_out_type: str | None = None,
        after: dt.timedelta | None = None,
    ) -> list[str]:
        """The replies to one message (``after`` moves the clock first)."""
        if after is not None:
            self.now += after
        incoming = c.Incoming.from_text(
            text, channel=self.channel, button_payload=payload, opt_out_type=opt_out_type
        )
        return self.apply(engine.handle(self.state, incoming, self.context()))

    def apply(self, outcome: e.Outcome) -> list[str]:
        replies = list(outcome.replies)
        for effect in outcome.effects:
            self._apply(effect, replies)
        self.state = outcome.state
        response = self.current_response()
        if response is not None and "poll" in self.state:
            self.state["poll"]["response_id"] = response["id"]
        return replies

    def current_response(self) -> dict[str, Any] | None:
        open_ones = [r for r in self.responses if r["status"] == "in_progress"]
        return open_ones[-1] if open_ones else None

    def _set(self, **changes: Any) -> None:
        self.resident = dataclasses.replace(self.resident, **changes)

    def _apply(self, effect: Any, replies: list[str]) -> None:
        if isinstance(effect, e.SetLanguage):
            self._set(language=effect.language)
        elif isinstance(effect, e.GiveConsent):
            self._set(consented=True)
        elif isinstance(effect, e.SetStation):
            self._set(station_id=effect.station_id)
        elif isinstance(effect, e.SetProfile):
            self.gender, self.age_band = effect.gender, effect.age_band
            self._set(profile_known=True)
        elif isinstance(effect, e.Forget | e.Erase):
            self.exists = False
            self.erasure_requested = isinstance(effect, e.Erase)
            self.resident = c.ResidentView()
        elif isinstance(effect, e.OptOut):
            self._set(opted_out=True)
        elif isinstance(effect, e.OptIn):
            self._set(opted_out=False)
        elif isinstance(effect, e.StartResponse):
            self.responses.append(
                {
                    "id": len(self.responses) + 1,
                    "status": "in_progress",
                    "answers": {},
                    **dataclasses.asdict(effect),
                }
            )
        elif isinstance(effect, e.RecordAnswer):
            answers = self.current_response()["answers"]
            assert effect.question_id not in answers, "answered twice"
            answers[effect.question_id] = (effect.status, effect.code, effect.text)
        elif isinstance(effect, e.CompleteResponse):
            self.current_response()["status"] = "completed"
            if effect.poll_id == "trust" and effect.wave == 1:
                self._set(trust_completed=True)
        elif isinstance(effect, e.CloseResponse):
            next(r for r in self.responses if r["id"] == effect.response_id)["status"] = (
                effect.status
            )
        elif isinstance(effect, e.AcceptWave | e.DeclineWave):
            self.waves.append((type(effect).__name__, effect.followup_id))
        elif isinstance(effect, e.RegisterOpenDay):
            self.registered.append(effect.open_day_id)
            replies.insert(0, f"registered {effect.open_day_id}")
        elif isinstance(effect, e.CancelRegistration):
            self.cancelled.append(effect.registration_id)
        else:
            raise AssertionError(f"unexpected effect {effect!r}")
