"""The Open Day keyword: upcoming Open Days at the resident's station, register, keep or cancel."""

from __future__ import annotations

from feedback_bot.conversation import prompts
from feedback_bot.conversation.effects import CancelRegistration, RegisterOpenDay
from feedback_bot.conversation.run import Run

MAX_LISTED = 3  # keeps the list within two SMS segments


def start(run: Run) -> None:
    """Show the holder their registration, or the numbered upcoming Open Days at their station."""
    registration = run.ctx.registration
    if registration is not None:
        run.goto("od_holder", od_registration=registration.id)
        run.reply(holder_prompt(run))
        return
    station = run.station
    days = run.ctx.open_days.get(station.id, ())[:MAX_LISTED] if station else ()
    if not days:
        run.say(prompts.NO_OPEN_DAY, station=run.station_name())
        finish(run)
        return
    run.goto("od_pick", od_choices=[day.id for day in days])
    run.reply(list_prompt(run))


def _listed(run: Run) -> list:
    by_id = {day.id: day for days in run.ctx.open_days.values() for day in days}
    return [by_id[i] for i in run.state.get("od_choices", ()) if i in by_id]


def list_prompt(run: Run) -> str:
    return prompts.open_day_list(run.lang, run.station, _listed(run), run.ctx.timezone)


def holder_prompt(run: Run) -> str:
    registration = run.ctx.registration
    station = run.ctx.station(registration.open_day.station_id)
    return prompts.holder(
        run.lang,
        registration.status,
        registration.code,
        station,
        registration.open_day,
        run.ctx.timezone,
    )


def pick(run: Run) -> None:
    listed = _listed(run)
    choice = run.incoming.choice("open_day")
    if choice is not None and 1 <= choice <= len(listed):
        run.emit(RegisterOpenDay(listed[choice - 1].id))
        finish(run)
        return
    if run.miss() or not listed:
        finish(run)
        return
    run.reply(prompts.hint_choice(run.lang, len(listed)))
    run.reply(list_prompt(run))


def keep_or_cancel(run: Run) -> None:
    registration = run.ctx.registration
    choice = run.incoming.choice("open_day_holder")
    if registration is None:
        finish(run)
    elif choice == 1:
        run.say(prompts.KEPT)
        finish(run)
    elif choice == 2:
        run.emit(CancelRegistration(registration.id))
        run.say(prompts.CANCELLED)
        finish(run)
    elif run.miss():
        finish(run)
    else:
        run.reply(prompts.hint_choice(run.lang, 2))
        run.reply(holder_prompt(run))


def finish(run: Run) -> None:
    """Leave the Open Day dialogue; a poll that was interrupted is asked again."""
    run.state.pop("od_choices", None)
    run.state.pop("od_registration", None)
    resume = run.state.pop("resume", None)
    if resume:
        run.resume(resume)
    else:
        run.goto(None)
