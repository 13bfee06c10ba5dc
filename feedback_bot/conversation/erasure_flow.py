"""The erase keyword: a confirmation (``1`` erase everything, ``2`` keep), then erasure.

The keyword works at any point. Confirmed, everything about the resident goes (the
service layer deletes it) and the last reply says so. Kept, or three replies that are
neither, the resident goes back to where they were. An opted-out resident hears nothing
(``engine``), so their erase keyword erases at once, without a confirmation.
"""

from __future__ import annotations

from feedback_bot.conversation import prompts
from feedback_bot.conversation.effects import Erase, Forget
from feedback_bot.conversation.run import Run

STEP = "erase_confirm"


def ask(run: Run) -> None:
    """Ask for the confirmation, remembering the step to come back to."""
    if run.step != STEP:
        run.state["erase_resume"] = run.step
    run.goto(STEP)
    run.reply(prompt(run))


def prompt(run: Run) -> str:
    return prompts.erase_confirmation(run.lang)


def answer(run: Run) -> None:
    labels = prompts.options(run.lang, prompts.ERASE_OPTIONS)
    choice = run.choice("erase", labels, yes_no=True)
    if choice == 1:
        erase(run)
    elif choice == 2 or run.miss():
        run.say(prompts.ERASE_KEPT)
        _resume(run)
    else:
        run.reply(prompts.hint_choice(run.lang, 2))
        run.reply(prompt(run))


def erase(run: Run) -> None:
    run.emit(Erase())
    run.say(prompts.ERASED)


def forget_newcomer(run: Run, language: str) -> None:
    """A first message that is the erase keyword: nothing is held, and nothing is kept."""
    run.language = language
    run.emit(Forget())
    run.say(prompts.ERASED)


def _resume(run: Run) -> None:
    step = run.state.pop("erase_resume", None)
    if step:
        run.resume(step)
    else:
        run.goto(None)
