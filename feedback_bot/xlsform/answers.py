"""A resident's reply read against one question of a definition: an answer, or a miss and why.

Pure functions for the conversation engine. The reply comes already normalised
the engine's way (digits folded to ASCII, outer spaces and punctuation trimmed,
case folded); the raw text is kept for free-text answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from feedback_bot.xlsform import expressions as ex
from feedback_bot.xlsform.definition import Question

SKIP_REPLY = "0"  # skips a question that is not required (never an answer code)
MAX_TEXT = 1000
_SEPARATORS = re.compile(r"[\s,،;]+")
_INTEGER = re.compile(r"^-?[0-9]{1,9}$")


@dataclass(frozen=True)
class Answer:
    status: str  # "answered" | "skipped"
    value: ex.AnswerValue = None  # a code, codes (ascending), an int, a text; None if skipped


@dataclass(frozen=True)
class Miss:
    reason: str  # "empty" | "not_a_choice" | "not_a_number" | "constraint"


@cache
def _tree(text: str) -> ex.Expr:
    return ex.parse(text)


def is_asked(question: Question, answers: Mapping[str, ex.AnswerValue]) -> bool:
    """Whether ``question`` is asked given the answers so far (its ``relevant``)."""
    return question.relevant is None or ex.evaluate(_tree(question.relevant), answers)


def read_reply(
    question: Question,
    normalised: str,
    text: str,
    answers: Mapping[str, ex.AnswerValue],
) -> Answer | Miss:
    """What the reply means for ``question``; a note takes no reply (its answer is None)."""
    if question.type == "note":
        return Answer("answered", None)
    if not question.required and normalised == SKIP_REPLY and question.type != "integer":
        return Answer("skipped")
    if not normalised:
        return Miss("empty")
    value = _value(question, normalised, text)
    if isinstance(value, Miss):
        return value
    if question.constraint is not None and not ex.evaluate(
        _tree(question.constraint), answers, current=value
    ):
        return Miss("constraint")
    return Answer("answered", value)


def _value(question: Question, normalised: str, text: str) -> ex.AnswerValue | Miss:
    if question.type == "text":
        return text.strip()[:MAX_TEXT]
    if question.type == "integer":
        return int(normalised) if _INTEGER.match(normalised) else Miss("not_a_number")
    words = [w for w in _SEPARATORS.split(normalised) if w]
    if not words or not all(w.isascii() and w.isdigit() for w in words):
        return Miss("not_a_choice")
    codes = sorted({int(w) for w in words})
    if any(question.choice(code) is None for code in codes):
        return Miss("not_a_choice")
    if question.type == "select_one":
        return codes[0] if len(codes) == 1 else Miss("not_a_choice")
    return tuple(codes)
