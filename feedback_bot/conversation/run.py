"""One engine run: the state being built, the resident's facts as effects change them, the output."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Protocol

from feedback_bot.conversation import keywords, prompts
from feedback_bot.conversation.context import Context, Incoming, StationView
from feedback_bot.conversation.effects import (
    Erase,
    Forget,
    GiveConsent,
    OptIn,
    OptOut,
    Outcome,
    SetLanguage,
    SetProfile,
    SetStation,
)
from feedback_bot.conversation.normalise import compact, normalise

MAX_MISSES = 3
# State keys that outlive a dialogue (everything else is cleared when one ends).
PERSISTENT_KEYS = ("profile_asked",)


class AsksStep(Protocol):
    """A row of the step table (``steps.STEPS``): what the run needs of it to resume a step."""

    def ask(self, run: Run) -> str: ...


class Run:
    """Collects replies and effects; keeps the resident's facts current as effects are emitted."""

    def __init__(
        self,
        state: dict[str, Any],
        incoming: Incoming,
        ctx: Context,
        steps: Mapping[str, AsksStep],
    ):
        self.steps = steps
        self.state: dict[str, Any] = copy.deepcopy(state or {})
        self.incoming = incoming
        self.ctx = ctx
        self.replies: list[str] = []
        self.effects: list[Any] = []
        resident = ctx.resident
        self.language = resident.language
        self.consented = resident.consented
        self.station_id = resident.station_id
        self.profile_known = resident.profile_known or bool(self.state.get("profile_asked"))
        self.opted_out = resident.opted_out
        self.forgotten = False

    @property
    def lang(self) -> str:
        return self.language or "en"

    @property
    def step(self) -> str | None:
        return self.state.get("step")

    @property
    def station(self) -> StationView | None:
        return self.ctx.station(self.station_id)

    def station_name(self, station_id: int | None = None) -> str:
        station = self.ctx.station(station_id or self.station_id)
        return station.name(self.lang) if station else ""

    def reply(self, text: str) -> None:
        if text:
            self.replies.append(text)

    def say(self, msgid: str, **variables: object) -> None:
        self.reply(prompts.say(self.lang, msgid, **variables))

    def emit(self, effect: Any) -> None:
        self.effects.append(effect)
        if isinstance(effect, SetLanguage):
            self.language = effect.language
        elif isinstance(effect, GiveConsent):
            self.consented = True
        elif isinstance(effect, SetStation):
            self.station_id = effect.station_id
        elif isinstance(effect, SetProfile):
            self.profile_known = True
            self.state["profile_asked"] = True
        elif isinstance(effect, OptOut):
            self.opted_out = True
        elif isinstance(effect, OptIn):
            self.opted_out = False
        elif isinstance(effect, Forget | Erase):
            self.forgotten = True

    def goto(self, step: str | None, **values: Any) -> None:
        self.state["step"] = step
        self.state["misses"] = 0
        self.state.update(values)

    def reprompt(self) -> None:
        """Ask the current step's question again (after a keyword, a language change, a detour)."""
        step = self.steps.get(self.step or "")
        if step is not None:
            self.reply(step.ask(self))

    def resume(self, step: str) -> None:
        """Go back to a step left for a detour, and ask it again."""
        self.goto(step)
        self.reprompt()

    def end_dialogue(self) -> None:
        """Back to idle: only the keys that outlive a dialogue remain."""
        self.state = {k: v for k, v in self.state.items() if k in PERSISTENT_KEYS}

    def choice(
        self, question_id: str | None = None, labels: list[str] | None = None, yes_no: bool = False
    ) -> int | None:
        """The option chosen: a number, a quick-reply tap, an option's own words, yes/no."""
        chosen = self.incoming.choice(question_id)
        if chosen is not None:
            return chosen
        typed = compact(self.incoming.normalised)
        if labels and typed:
            matches = [i for i, label in enumerate(labels, 1) if compact(normalise(label)) == typed]
            if len(matches) == 1:
                return matches[0]
        if yes_no:
            answer = keywords.yes_or_no(self.incoming.normalised)
            if answer is not None:
                return 1 if answer else 2
        return None

    def miss(self) -> bool:
        """Count a reply that does not fit; True when the question should be given up."""
        self.state["misses"] = int(self.state.get("misses", 0)) + 1
        return self.state["misses"] >= MAX_MISSES

    def outcome(self) -> Outcome:
        state = {} if self.forgotten else self.state
        return Outcome(state=state, replies=self.replies, effects=self.effects)
