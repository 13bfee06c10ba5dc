"""The conversation engine: (state, message, context) -> new state, replies, effects.

Pure: no Flask, no Twilio, no database. Order of precedence for a message:
opt-out/opt-in (an opted-out resident hears nothing else; their erase keyword erases at
once), expiry after 24 hours of silence, a new resident's first message, keywords, a
station code, then the step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from feedback_bot.conversation import (
    SILENCE,
    erasure_flow,
    keywords,
    onboarding,
    open_day_flow,
    polling,
    prompts,
)
from feedback_bot.conversation.context import Context, Incoming
from feedback_bot.conversation.effects import (
    CloseResponse,
    Erase,
    OptIn,
    OptOut,
    Outcome,
    SetLanguage,
    SetStation,
)
from feedback_bot.conversation.normalise import compact
from feedback_bot.conversation.run import Run
from feedback_bot.conversation.steps import ONBOARDING_STEPS, STEPS


def handle(state: dict[str, Any], incoming: Incoming, ctx: Context) -> Outcome:
    """Everything the bot does with one message from one resident."""
    run = Run(state, incoming, ctx, STEPS)
    keyword = keywords.match(incoming.normalised)
    intent = _intent(incoming, keyword)

    if run.opted_out:
        if intent == keywords.OPT_IN:
            _opt_in(run)
        elif intent == keywords.ERASE:
            run.emit(Erase())  # asked for nothing more, so not asked to confirm either
        return run.outcome()
    if intent == keywords.OPT_OUT:
        _opt_out(run, keyword)
        return run.outcome()

    _expire_if_silent(run)
    run.state["touched_at"] = ctx.now.isoformat()
    station = ctx.station_by_key(compact(incoming.normalised)) if not keyword else None

    if run.language is None and run.step is None:
        if intent == keywords.ERASE and keyword is not None:
            erasure_flow.forget_newcomer(run, keyword.language)
        else:
            _first_message(run, keyword, station)
    elif intent is not None:
        _keyword(run, intent, keyword)
    elif station is not None:
        _station_code(run, station.id)
    elif run.step in STEPS:
        STEPS[run.step].answer(run)
    else:
        _idle(run)
    return run.outcome()


def open_invitation(state: dict[str, Any], ctx: Context, *, followup_id: int, wave: int) -> Outcome:
    """A follow-up wave invites the resident (``1`` yes / ``2`` not now)."""
    run = Run(state, Incoming.from_text(""), ctx, STEPS)
    _abandon_open_response(run)
    run.end_dialogue()
    run.goto("invitation", invitation={"followup_id": followup_id, "wave": wave})
    run.reply(polling.invitation_prompt(run))
    return run.outcome()


def open_open_day_poll(
    state: dict[str, Any], ctx: Context, *, open_day_id: int, station_id: int
) -> Outcome:
    """The day after an Open Day, its attendee gets the first question of the ``open_day`` poll."""
    run = Run(state, Incoming.from_text(""), ctx, STEPS)
    _abandon_open_response(run)
    run.end_dialogue()
    polling.start_poll(run, polling.OPEN_DAY_POLL, open_day_id=open_day_id, station_id=station_id)
    return run.outcome()


def _intent(incoming: Incoming, keyword: keywords.Keyword | None) -> str | None:
    # Twilio's Advanced Opt-Out has already classified the message on SMS.
    if incoming.opt_out_type == "STOP":
        return keywords.OPT_OUT
    if incoming.opt_out_type == "START":
        return keywords.OPT_IN
    if keyword is not None:
        return keyword.intent
    return keywords.HELP if incoming.opt_out_type == "HELP" else None


def _opt_out(run: Run, keyword: keywords.Keyword | None) -> None:
    run.emit(OptOut())
    if run.language is None and keyword is not None:
        run.language = keyword.language
    incoming = run.incoming
    twilio_answered = incoming.opt_out_type is not None or (
        incoming.channel == "sms"
        and keyword is not None
        and keyword.word in keywords.TWILIO_SMS_OPT_OUT
    )
    if not twilio_answered:
        run.say(prompts.OPTED_OUT)


def _opt_in(run: Run) -> None:
    run.emit(OptIn())
    run.say(prompts.OPTED_IN)
    _expire_if_silent(run)
    run.state["touched_at"] = run.ctx.now.isoformat()
    run.reprompt()


def _expire_if_silent(run: Run) -> None:
    touched = run.state.get("touched_at")
    if not run.step or not touched or run.step == "invitation":
        return
    if run.ctx.now - dt.datetime.fromisoformat(touched) <= SILENCE:
        return
    response_id = (run.state.get("poll") or {}).get("response_id")
    if response_id:
        run.emit(CloseResponse(response_id, "expired"))
        run.say(prompts.EXPIRED)
    run.end_dialogue()


def _abandon_open_response(run: Run) -> None:
    response_id = (run.state.get("poll") or {}).get("response_id")
    if run.step == "question" and response_id:
        run.emit(CloseResponse(response_id, "abandoned"))


def _first_message(run: Run, keyword: keywords.Keyword | None, station: Any) -> None:
    """A new resident: a localised keyword picks the language; a station code the station."""
    if station is not None:
        run.state["pending_station"] = station.id
    if keyword is not None and keyword.intent != keywords.LANGUAGE:
        run.emit(SetLanguage(keyword.language))
        if keyword.intent == keywords.OPEN_DAY:
            run.state["goal"] = onboarding.GOAL_OPEN_DAY
        if keyword.intent == keywords.HELP:
            run.say(prompts.HELP)
        if keyword.intent == keywords.PRIVACY:
            run.reply(prompts.privacy(run.lang, run.ctx.site_url))
    onboarding.advance(run)


def _keyword(run: Run, intent: str, keyword: keywords.Keyword | None) -> None:
    step = run.step
    if intent == keywords.LANGUAGE:
        if step != "language":
            run.state["resume"] = step
        run.goto("language")
        run.reply(prompts.language_menu())
    elif intent == keywords.HELP:
        run.say(prompts.HELP)
        if step:
            run.reprompt()
    elif intent == keywords.PRIVACY:
        run.reply(prompts.privacy(run.lang, run.ctx.site_url))
        if step:
            run.reprompt()
    elif intent == keywords.OPT_IN:
        # Not opted out: "START" just carries on (or starts the poll for a newcomer).
        if step:
            run.reprompt()
        else:
            _idle(run)
    elif intent == keywords.POLL:
        _poll_keyword(run)
    elif intent == keywords.OPEN_DAY:
        _open_day_keyword(run)
    elif intent == keywords.ERASE:
        erasure_flow.ask(run)


def _poll_keyword(run: Run) -> None:
    step = run.step
    if step == "invitation":
        polling.accept_invitation(run)
    elif step == "question":
        run.reprompt()
    elif step in ONBOARDING_STEPS:
        run.state["goal"] = onboarding.GOAL_POLL
        run.reprompt()
    elif run.state.get("resume") == "question":
        open_day_flow.finish(run)
    else:
        run.state["goal"] = onboarding.GOAL_POLL
        onboarding.advance(run)


def _open_day_keyword(run: Run) -> None:
    step = run.step
    if step in ONBOARDING_STEPS and step != "station":
        run.state["goal"] = onboarding.GOAL_OPEN_DAY
        run.reprompt()
        return
    if step in ("question", "invitation"):
        run.state["resume"] = step
    run.state["goal"] = onboarding.GOAL_OPEN_DAY
    onboarding.advance(run)


def _station_code(run: Run, station_id: int) -> None:
    """A station code typed at any point: remembered before consent, chosen after it."""
    if not run.consented:
        run.state["pending_station"] = station_id
        run.reprompt()
        return
    run.emit(SetStation(station_id))
    if run.step == "station":
        onboarding.advance(run)
        return
    run.say(prompts.STATION_SET, station=run.station_name(station_id))
    if run.step:
        run.reprompt()
    elif not run.ctx.resident.trust_completed:
        onboarding.advance(run)


def _idle(run: Run) -> None:
    """No dialogue open: someone who has not answered yet is taken to the poll, others get help."""
    if not run.consented or not run.ctx.resident.trust_completed:
        run.state["goal"] = onboarding.GOAL_POLL
        onboarding.advance(run)
        return
    run.say(prompts.HELP)
