"""Whether a definition fits a phone: SMS segments per prompt, WhatsApp's limits per option.

A prompt is measured as the resident gets it: the label with ``{station}`` filled
by the longest station name in that language, then one line per option, by code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from feedback_bot.i18n import LANGUAGES
from feedback_bot.sms import MAX_SEGMENTS, measure
from feedback_bot.xlsform.columns import header
from feedback_bot.xlsform.definition import Question, fill
from feedback_bot.xlsform.sheets import FormError

WHATSAPP_MAX_BUTTONS = 3  # quick-reply buttons; 4 to 10 options go as a list picker
WHATSAPP_MAX_LIST = 10
WHATSAPP_BUTTON = 20  # characters of a button title
WHATSAPP_LIST_ITEM = 24  # characters of a list item title


@dataclass(frozen=True)
class FormRows:
    """Where each part of a definition was read: survey row per question, choices row per code."""

    questions: Mapping[str, int] = field(default_factory=dict)
    choices: Mapping[tuple[str, int], int] = field(default_factory=dict)


def prompt(question: Question, language: str, station: str) -> str:
    """The question as sent by SMS: label, then ``code label`` per option."""
    lines = [fill(question.label[language], station=station)]
    lines += [f"{c.code} {c.label[language]}" for c in question.choices]
    return "\n".join(lines)


def fit_problems(
    questions: Iterable[Question], stations: Mapping[str, str], rows: FormRows | None = None
) -> list[FormError]:
    """Every prompt, hint and message over 2 SMS segments and every option over WhatsApp's limits.

    A definition's questions, or those of a form read so far (its good rows).

    ``stations``: the longest station name in each language (the ones residents will see).
    """
    rows = rows or FormRows()
    problems: list[FormError] = []
    for q in questions:
        row = rows.questions.get(q.id)
        for lang in LANGUAGES:
            station = stations.get(lang, "")
            texts = [("label", prompt(q, lang, station))]
            texts += [(name, fill(t[lang], station=station)) for name, t in _messages(q)]
            for field_name, text in texts:
                size = measure(text)
                if size.segments > MAX_SEGMENTS:
                    what = "the prompt with its options" if field_name == "label" else field_name
                    problems.append(
                        FormError(
                            "survey",
                            row,
                            header(field_name, lang),
                            f"{what} needs {size.segments} SMS segments "
                            f"({size.units} {size.encoding} characters); at most {MAX_SEGMENTS}",
                        )
                    )
        problems += _option_problems(q, rows)
    return list(dict.fromkeys(problems))  # a shared list is named once per code and language


def _messages(q: Question) -> list[tuple[str, Mapping[str, str]]]:
    return [
        (name, t)
        for name, t in (("hint", q.hint), ("constraint_message", q.constraint_message))
        if t
    ]


def _option_problems(q: Question, rows: FormRows) -> list[FormError]:
    if not q.choices or len(q.choices) > WHATSAPP_MAX_LIST:
        return []  # more than 10 options go as numbered text only
    limit, kind = (
        (WHATSAPP_BUTTON, "button")
        if len(q.choices) <= WHATSAPP_MAX_BUTTONS
        else (WHATSAPP_LIST_ITEM, "list item")
    )
    problems = []
    for choice in q.choices:
        for lang in LANGUAGES:
            length = len(choice.label[lang])
            if length > limit:
                problems.append(
                    FormError(
                        "choices",
                        rows.choices.get((q.list_name or "", choice.code)),
                        header("label", lang),
                        f"{length} characters: over WhatsApp's {limit} for a {kind} "
                        f"({q.list_name} {choice.code}, in {q.id})",
                    )
                )
    return problems
