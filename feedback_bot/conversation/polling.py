"""Asking a poll's questions one by one, recording answers, thanking; follow-up wave invitations."""

from __future__ import annotations

from feedback_bot.conversation import prompts
from feedback_bot.conversation.effects import (
    AcceptWave,
    CompleteResponse,
    DeclineWave,
    RecordAnswer,
    StartResponse,
)
from feedback_bot.conversation.run import Run
from feedback_bot.polls import Poll, Question, load_poll, option_labels

TRUST = "trust"
OPEN_DAY_POLL = "open_day"
MAX_TEXT = 1000  # a free-text answer is cut here: collect the minimum


def current_poll(run: Run) -> tuple[Poll, Question] | None:
    info = run.state.get("poll")
    if not info:
        return None
    poll = load_poll(info["id"], info["version"])
    index = int(info.get("index", 0))
    if index >= len(poll.questions):
        return None
    return poll, poll.questions[index]


def question_prompt(run: Run) -> str:
    current = current_poll(run)
    if current is None:
        return ""
    _poll, item = current
    return prompts.question(run.lang, item, run.station_name(run.state["poll"]["station_id"]))


def start_poll(
    run: Run,
    poll_id: str,
    *,
    wave: int = 1,
    followup_id: int | None = None,
    open_day_id: int | None = None,
    station_id: int | None = None,
) -> None:
    """Open a response and ask the first question (latest version of the poll)."""
    poll = load_poll(poll_id)
    station_id = station_id or run.station_id
    run.emit(
        StartResponse(
            poll_id=poll.id,
            poll_version=poll.version,
            wave=wave,
            station_id=station_id,
            followup_id=followup_id,
            open_day_id=open_day_id,
        )
    )
    run.goto(
        "question",
        poll={
            "id": poll.id,
            "version": poll.version,
            "wave": wave,
            "index": 0,
            "response_id": None,
            "followup_id": followup_id,
            "open_day_id": open_day_id,
            "station_id": station_id,
        },
    )
    run.reply(question_prompt(run))


def start_trust_poll(run: Run) -> None:
    """Wave 1 of the trust poll, unless the resident has already given it."""
    if run.ctx.resident.trust_completed:
        run.end_dialogue()
        run.say(prompts.ALREADY_ANSWERED)
        return
    start_poll(run, TRUST)


def answer(run: Run) -> None:
    """The resident's reply to the current question: record it, or hint, or give up after 3."""
    current = current_poll(run)
    if current is None:
        run.end_dialogue()
        return
    _poll, item = current
    incoming = run.incoming
    if item.type == "choice":
        labels = option_labels(run.lang, item)
        code = run.choice(item.id, labels, yes_no=_is_yes_no(item))
        if code is not None and item.option(code) is not None:
            run.emit(RecordAnswer(item.id, "answered", code=code))
            _next_question(run)
            return
        hint = prompts.hint_choice(run.lang, len(item.options))
    else:
        if item.skip is not None and incoming.normalised == item.skip:
            run.emit(RecordAnswer(item.id, "skipped"))
            _next_question(run)
            return
        if incoming.normalised:
            run.emit(RecordAnswer(item.id, "answered", text=incoming.text[:MAX_TEXT]))
            _next_question(run)
            return
        hint = prompts.say(run.lang, prompts.HINT_TEXT)
    if run.miss():
        run.emit(RecordAnswer(item.id, "unanswered"))
        _next_question(run)
        return
    run.reply(hint)
    run.reply(question_prompt(run))


def _is_yes_no(item: Question) -> bool:
    """A question whose first two answers are yes and no takes the words too."""
    return [o.label for o in item.options[:2]] == ["yes", "no"]


def _next_question(run: Run) -> None:
    run.state["poll"]["index"] = int(run.state["poll"]["index"]) + 1
    run.state["misses"] = 0
    if current_poll(run) is not None:
        run.reply(question_prompt(run))
        return
    info = run.state["poll"]
    run.emit(CompleteResponse(info["id"], int(info["wave"]), info.get("followup_id")))
    station = run.ctx.station(info["station_id"])
    next_day = None
    if info["id"] == TRUST and station is not None:
        upcoming = run.ctx.open_days.get(station.id, ())
        next_day = upcoming[0] if upcoming else None
    run.end_dialogue()
    run.reply(prompts.thanks(run.lang, station, next_day, run.ctx.timezone))


def invitation_prompt(run: Run) -> str:
    return prompts.invitation(run.lang, run.station_name())


def answer_invitation(run: Run) -> None:
    """``1`` runs the trust poll again for this wave (no profile); ``2`` declines it."""
    invitation = run.state.get("invitation") or {}
    labels = prompts.options(run.lang, prompts.INVITATION_OPTIONS)
    choice = run.choice("invitation", labels, yes_no=True)
    if choice == 1:
        accept_invitation(run)
    elif choice == 2:
        run.emit(DeclineWave(invitation["followup_id"]))
        run.end_dialogue()
        run.say(prompts.DECLINED_WAVE)
    else:
        run.miss()
        run.reply(prompts.hint_choice(run.lang, 2))
        run.reply(invitation_prompt(run))


def accept_invitation(run: Run) -> None:
    invitation = run.state.pop("invitation")
    run.emit(AcceptWave(invitation["followup_id"]))
    start_poll(run, TRUST, wave=int(invitation["wave"]), followup_id=invitation["followup_id"])
