"""The one table of conversation steps: how each step is asked, and how its answer is taken.

The engine dispatches a message to ``STEPS[step].answer`` and, after a keyword, a language
change or a detour, asks the current step again with ``STEPS[step].ask``. The handlers never
import this table (it imports them): they resume a step through ``Run.reprompt``, which reads
the table the engine gave the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from feedback_bot.conversation import erasure_flow, onboarding, open_day_flow, polling, prompts
from feedback_bot.conversation.run import Run


@dataclass(frozen=True)
class Step:
    ask: Callable[[Run], str]
    answer: Callable[[Run], None]


def _holder(run: Run) -> str:
    return open_day_flow.holder_prompt(run) if run.ctx.registration is not None else ""


STEPS: dict[str, Step] = {
    "language": Step(lambda run: prompts.language_menu(), onboarding.choose_language),
    "consent": Step(lambda run: prompts.consent(run.lang), onboarding.answer_consent),
    "station": Step(
        lambda run: prompts.station_menu(run.lang, run.ctx.stations), onboarding.choose_station
    ),
    "gender": Step(lambda run: prompts.gender(run.lang), onboarding.answer_gender),
    "age_band": Step(lambda run: prompts.age_band(run.lang), onboarding.answer_age_band),
    "question": Step(polling.question_prompt, polling.answer),
    "invitation": Step(polling.invitation_prompt, polling.answer_invitation),
    "od_pick": Step(open_day_flow.list_prompt, open_day_flow.pick),
    "od_holder": Step(_holder, open_day_flow.keep_or_cancel),
    erasure_flow.STEP: Step(erasure_flow.prompt, erasure_flow.answer),
}
ONBOARDING_STEPS = ("language", "consent", "station", "gender", "age_band")
