"""Variables for the wide table from poll questions, as the export already describes them.

Takes any objects shaped like ``services.export.polls.LabelledQuestion`` (``id``, ``free_text``,
``texts`` by language, ``options`` with ``code`` and ``labels`` by language) and, if a
question has one, a ``kind`` of ``select_multiple`` or ``integer`` (XLSForm polls).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from feedback_bot.formats.variables import Choice, Variable


class OptionLike(Protocol):
    code: int
    labels: Mapping[str, str]


class QuestionLike(Protocol):
    id: str
    free_text: bool
    texts: Mapping[str, str]
    options: Sequence[Any]


def question_variable(question: QuestionLike) -> Variable:
    """One question as a wide-table variable: its text, kind and answer labels."""
    kind = getattr(question, "kind", None)
    if question.free_text:
        kind = "free_text"
    elif kind == "integer":
        kind = "number"
    elif kind != "select_multiple":
        kind = "select_one"
    choices = tuple(Choice(option.code, dict(option.labels)) for option in question.options)
    return Variable(question.id, kind, dict(question.texts), choices)


def question_variables(
    question_ids: Iterable[str], questions: Iterable[QuestionLike]
) -> list[Variable]:
    """Variables for the wide columns ``question_ids`` (the export's column order).

    When polls or versions share a question id, the last one given (the export lists
    versions oldest first) gives the question text and each code's label, and the
    value labels cover every code any of them has. An id no poll describes (an answer
    to a question since removed) becomes a text variable labelled with its id.
    """
    described: dict[str, Variable] = {}
    for question in questions:
        variable = question_variable(question)
        earlier = described.get(question.id)
        if earlier is not None and earlier.kind == variable.kind:
            codes = {choice.code: choice for choice in (*earlier.choices, *variable.choices)}
            variable = Variable(
                variable.name, variable.kind, variable.labels, tuple(codes.values())
            )
        described[question.id] = variable
    return [
        described.get(question_id) or Variable(question_id, "text", {"en": question_id})
        for question_id in question_ids
    ]
