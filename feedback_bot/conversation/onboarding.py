"""A resident's first steps: language, consent, station, profile; then what they came for."""

from __future__ import annotations

from feedback_bot.conversation import open_day_flow, polling, prompts
from feedback_bot.conversation.effects import (
    Forget,
    GiveConsent,
    SetLanguage,
    SetProfile,
    SetStation,
)
from feedback_bot.conversation.run import Run
from feedback_bot.i18n import LANGUAGES

GOAL_POLL = "poll"
GOAL_OPEN_DAY = "open_day"
MINOR_AGE_BAND = 1


def advance(run: Run) -> None:
    """Ask for the first missing fact, or do what the resident came for (``state["goal"]``)."""
    goal = run.state.get("goal") or GOAL_POLL
    if not run.language:
        run.goto("language")
        run.reply(prompts.language_menu())
    elif not run.consented:
        run.goto("consent")
        run.reply(prompts.consent_notice(run.lang, run.ctx.site_url))
        run.reply(prompts.consent(run.lang))
    elif run.station_id is None:
        run.goto("station")
        run.reply(prompts.station_menu(run.lang, run.ctx.stations))
    elif goal == GOAL_OPEN_DAY:
        run.state.pop("goal", None)
        open_day_flow.start(run)
    elif not run.profile_known and not run.ctx.resident.trust_completed:
        run.goto("gender")
        run.reply(prompts.gender(run.lang))
    else:
        run.state.pop("goal", None)
        polling.start_trust_poll(run)


def choose_language(run: Run) -> None:
    choice = run.incoming.choice()
    if choice is None or not 1 <= choice <= len(LANGUAGES):
        run.miss()
        run.reply(prompts.language_menu())
        return
    run.emit(SetLanguage(LANGUAGES[choice - 1]))
    resume = run.state.pop("resume", None)
    if resume:
        run.resume(resume)
        return
    advance(run)


def answer_consent(run: Run) -> None:
    labels = prompts.options(run.lang, prompts.CONSENT_OPTIONS)
    choice = run.choice("consent", labels, yes_no=True)
    if choice == 1:
        run.emit(GiveConsent())
        pending = run.state.pop("pending_station", None)
        if pending is not None and run.ctx.station(pending) is not None:
            run.emit(SetStation(pending))
        advance(run)
    elif choice == 2:
        run.emit(Forget())
        run.say(prompts.DECLINED)
    else:
        run.miss()
        run.reply(prompts.hint_choice(run.lang, 2))
        run.reply(prompts.consent(run.lang))


def choose_station(run: Run) -> None:
    stations = run.ctx.stations
    choice = run.incoming.choice()
    if choice is not None and 1 <= choice <= len(stations):
        run.emit(SetStation(stations[choice - 1].id))
        advance(run)
        return
    run.miss()
    run.reply(prompts.hint_choice(run.lang, len(stations)))
    run.reply(prompts.station_menu(run.lang, stations))


def answer_gender(run: Run) -> None:
    choice = run.choice("gender", prompts.options(run.lang, prompts.GENDER_OPTIONS))
    if choice is not None and 1 <= choice <= len(prompts.GENDER_OPTIONS[1]):
        run.goto("age_band", gender=choice)
        run.reply(prompts.age_band(run.lang))
    elif run.miss():
        run.goto("age_band", gender=None)
        run.reply(prompts.age_band(run.lang))
    else:
        run.reply(prompts.hint_choice(run.lang, len(prompts.GENDER_OPTIONS[1])))
        run.reply(prompts.gender(run.lang))


def answer_age_band(run: Run) -> None:
    choice = run.choice("age_band", prompts.options(run.lang, prompts.AGE_OPTIONS))
    count = len(prompts.AGE_OPTIONS[1])
    if choice == MINOR_AGE_BAND:
        # Nothing about a minor is kept: the resident row and its state go.
        run.emit(Forget())
        run.say(prompts.MINOR)
        return
    if choice is not None and 1 <= choice <= count:
        age = choice
    elif run.miss():
        age = None
    else:
        run.reply(prompts.hint_choice(run.lang, count))
        run.reply(prompts.age_band(run.lang))
        return
    gender = run.state.pop("gender", None)
    run.emit(SetProfile(gender=gender, age_band=age))
    advance(run)
