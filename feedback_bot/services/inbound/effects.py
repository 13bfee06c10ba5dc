"""Recording what the conversation engine decided: one function per kind of effect."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from feedback_bot.conversation import SILENCE, prompts
from feedback_bot.conversation import context as c
from feedback_bot.conversation import effects as e
from feedback_bot.models import Answer, Conversation, OpenDay, Registration, Resident, Response
from feedback_bot.services import audit, waves
from feedback_bot.services.open_days import registrations as open_days
from feedback_bot.services.privacy import erasure

# Dialects whose INSERT takes ON CONFLICT DO NOTHING: an answer is written in one statement.
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class _Applier:
    def __init__(self, session, runtime, resident, conversation, outcome, ctx, channel):
        self.session = session
        self.runtime = runtime
        self.resident = resident
        self.conversation = conversation
        self.outcome = outcome
        self.ctx = ctx
        self.now: dt.datetime = ctx.now
        self.channel = channel
        self.front: list[str] = []  # replies produced by effects go before the engine's
        response_id = ((conversation.state or {}).get("poll") or {}).get("response_id")
        self.response: Response | None = session.get(Response, response_id) if response_id else None
        self.forgotten = False

    @property
    def language(self) -> str:
        return self.resident.language or "en"

    def run(self) -> list[str]:
        for effect in self.outcome.effects:
            _HANDLERS[type(effect)](self, effect)
            if self.forgotten:
                return self.front + self.outcome.replies
        self._save_state()
        return self.front + self.outcome.replies

    def _save_state(self) -> None:
        state = dict(self.outcome.state)
        poll = state.get("poll")
        if poll is not None and poll.get("response_id") is None and self.response is not None:
            state["poll"] = {**poll, "response_id": self.response.id}
        self.conversation.state = state  # a new dict, so the JSON column is written
        self.conversation.updated_at = self.now
        active = state.get("step") not in (None, "invitation")
        self.conversation.expires_at = self.now + SILENCE if active else None

    def _set_language(self, effect: e.SetLanguage) -> None:
        self.resident.language = effect.language

    def _give_consent(self, effect: e.GiveConsent) -> None:
        self.resident.consented_at = self.now

    def _forget(self, effect: e.Forget) -> None:
        # Declined consent or a minor: the resident and everything about them go, unaudited
        # (an entry would itself be a trace of them).
        erasure.erase_residents(self.session, self.runtime, [self.resident.id], now=self.now)
        self.forgotten = True

    def _erase(self, effect: e.Erase) -> None:
        counts = erasure.erase_residents(
            self.session, self.runtime, [self.resident.id], now=self.now
        )
        details = {"counts": counts.as_dict()}
        audit.record(self.session, audit.RESIDENT, "resident.erase", details=details, now=self.now)
        self.forgotten = True

    def _set_station(self, effect: e.SetStation) -> None:
        self.resident.station_id = effect.station_id

    def _set_profile(self, effect: e.SetProfile) -> None:
        self.resident.gender = effect.gender
        self.resident.age_band = effect.age_band

    def _opt_out(self, effect: e.OptOut) -> None:
        self.resident.opted_out = True
        self.resident.opted_out_at = self.now

    def _opt_in(self, effect: e.OptIn) -> None:
        self.resident.opted_out = False
        self.resident.opted_out_at = None

    def _start_response(self, effect: e.StartResponse) -> None:
        self.response = Response(
            resident_id=self.resident.id,
            poll_id=effect.poll_id,
            poll_version=effect.poll_version,
            wave=effect.wave,
            station_id=effect.station_id,
            open_day_id=effect.open_day_id,
            channel=self.channel,
            language=self.language,
            status="in_progress",
            started_at=self.now,
        )
        self.session.add(self.response)
        self.session.flush()

    def _record_answer(self, effect: e.RecordAnswer) -> None:
        if self.response is None or self.response.status != "in_progress":
            return
        values = {
            "response_id": self.response.id,
            "question_id": effect.question_id,
            "answer_code": effect.code,
            "answer_text": effect.text,
            "status": effect.status,
            "answered_at": self.now,
        }
        insert = _INSERTS.get(self.session.get_bind().dialect.name)
        if insert is not None:
            # One statement; the unique (response_id, question_id) keeps the first answer.
            self.session.execute(
                insert(Answer)
                .values(**values)
                .on_conflict_do_nothing(index_elements=["response_id", "question_id"])
            )
            return
        exists = self.session.scalar(
            select(Answer.id).where(
                Answer.response_id == self.response.id, Answer.question_id == effect.question_id
            )
        )
        if exists is not None:
            return  # one answer per question, whatever happens
        self.session.add(Answer(**values))
        self.session.flush()

    def _complete_response(self, effect: e.CompleteResponse) -> None:
        response = self.response
        if response is None or response.status != "in_progress":
            return
        response.status = "completed"
        response.completed_at = self.now
        if effect.followup_id is not None:
            waves.mark_wave_completed(self.session, effect.followup_id, response.id, now=self.now)
        elif effect.poll_id == "trust" and effect.wave == 1:
            waves.schedule_followups(
                self.session, self.runtime, self.resident, completed_at=self.now
            )

    def _close_response(self, effect: e.CloseResponse) -> None:
        response = self.session.get(Response, effect.response_id)
        if response is not None and response.status == "in_progress":
            response.status = effect.status
        if self.response is response:
            self.response = None

    def _accept_wave(self, effect: e.AcceptWave) -> None:
        waves.mark_wave_accepted(self.session, effect.followup_id, now=self.now)

    def _decline_wave(self, effect: e.DeclineWave) -> None:
        waves.mark_wave_declined(self.session, effect.followup_id, now=self.now)

    def _register_open_day(self, effect: e.RegisterOpenDay) -> None:
        day = self.session.get(OpenDay, effect.open_day_id)
        try:
            registration = open_days.register(
                self.session, self.runtime, self.resident, day, now=self.now
            )
        except open_days.OpenDayClosed:
            self.front.append(prompts.say(self.language, prompts.OPEN_DAY_CLOSED))
            return
        station = self.ctx.station(day.station_id)
        view = c.OpenDayView(day.id, day.station_id, day.starts_at, day.ends_at)
        self.front.append(
            prompts.registration_result(
                self.language,
                registration.status,
                registration.code,
                _waitlist_position(self.session, registration),
                station,
                view,
                self.ctx.timezone,
            )
        )

    def _cancel_registration(self, effect: e.CancelRegistration) -> None:
        registration = self.session.get(Registration, effect.registration_id)
        if registration is not None and registration.resident_id == self.resident.id:
            open_days.cancel_registration(self.session, self.runtime, registration, now=self.now)


# Each kind of effect and the method that records it (a new kind without one fails loudly).
_HANDLERS = {
    e.SetLanguage: _Applier._set_language,
    e.GiveConsent: _Applier._give_consent,
    e.Forget: _Applier._forget,
    e.Erase: _Applier._erase,
    e.SetStation: _Applier._set_station,
    e.SetProfile: _Applier._set_profile,
    e.OptOut: _Applier._opt_out,
    e.OptIn: _Applier._opt_in,
    e.StartResponse: _Applier._start_response,
    e.RecordAnswer: _Applier._record_answer,
    e.CompleteResponse: _Applier._complete_response,
    e.CloseResponse: _Applier._close_response,
    e.AcceptWave: _Applier._accept_wave,
    e.DeclineWave: _Applier._decline_wave,
    e.RegisterOpenDay: _Applier._register_open_day,
    e.CancelRegistration: _Applier._cancel_registration,
}


def _waitlist_position(session, registration: Registration) -> int:
    """1 for the first in line: those queued earlier (ties by id) are ahead."""
    if registration.status != "waitlisted":
        return 0
    ahead = (Registration.queued_at < registration.queued_at) | (
        (Registration.queued_at == registration.queued_at) & (Registration.id <= registration.id)
    )
    return session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.open_day_id == registration.open_day_id,
            Registration.status == "waitlisted",
            ahead,
        )
    )


class Applied(NamedTuple):
    replies: list[str]
    erased: bool  # the resident and everything about them were deleted


def apply(
    session,
    runtime,
    resident: Resident,
    conversation: Conversation,
    outcome: e.Outcome,
    ctx: c.Context,
    *,
    channel: str,
) -> Applied:
    """Record ``outcome``'s effects in order and save the new state; the replies to send."""
    applier = _Applier(session, runtime, resident, conversation, outcome, ctx, channel)
    replies = applier.run()
    return Applied(replies, applier.forgotten)
