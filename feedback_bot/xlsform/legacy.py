"""Today's JSON polls (``feedback_bot/polls/*.json`` and their Babel translations) as definitions.

The bridge that lets ``trust`` and ``open_day`` ship as XLSForm files with the ids,
codes and wording they have now: texts come from the catalogs exactly as the
conversation sends them, ``%(station)s`` becomes ``{station}``, and the indicators
of ``trust`` come from the reporting rules they replace.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import Option, Poll, all_polls, option_label, question_text
from feedback_bot.polls import Question as PollQuestion
from feedback_bot.stats import QUESTION_INDICATOR
from feedback_bot.xlsform.definition import (
    Choice,
    DefinitionError,
    Indicator,
    PollDefinition,
    Question,
    Texts,
)

TranslateText = Callable[[str, PollQuestion], str]  # (language, question) -> its text
TranslateLabel = Callable[[str, PollQuestion, Option], str]  # (language, question, option)
_PERCENT = re.compile(r"%\((\w+)\)s")


def _placeholders(text: str, where: str) -> str:
    def to_brace(match: re.Match[str]) -> str:
        if match[1] != "station":
            raise DefinitionError(f"{where}: placeholder %({match[1]})s has no XLSForm spelling")
        return "{station}"

    return _PERCENT.sub(to_brace, text)


def _texts(source: str, where: str, lookup: Callable[[str], str]) -> Texts:
    """A source text in every language; a translation missing from the catalog is an error."""
    found = {}
    for lang in LANGUAGES:
        text = lookup(lang)
        if lang != "en" and text == source:
            raise DefinitionError(f"{where}: no {lang} translation of {source!r}")
        found[lang] = _placeholders(text, where)
    return Texts(found)


def from_legacy(
    poll: Poll,
    translate_text: TranslateText = question_text,
    translate_label: TranslateLabel = option_label,
) -> PollDefinition:
    """The definition of one JSON poll, with its texts in the four languages."""
    questions = []
    for item in poll.questions:
        where = f"poll {poll.id} v{poll.version}, question {item.id}"
        label = _texts(item.text, where, lambda lang, item=item: translate_text(lang, item))
        if item.type == "text":
            questions.append(Question(item.id, "text", label, required=not item.optional))
            continue
        choices = tuple(
            Choice(
                option.code,
                _texts(
                    option.label,
                    f"{where}, answer {option.code}",
                    lambda lang, item=item, option=option: translate_label(lang, item, option),
                ),
            )
            for option in item.options
        )
        questions.append(
            Question(
                item.id,
                "select_one",
                label,
                list_name=item.id,
                choices=choices,
                required=True,
                indicator=_indicator(item.id, tuple(c.code for c in choices)),
            )
        )
    return PollDefinition(
        id=poll.id,
        version=poll.version,
        questions=tuple(questions),
        title=Texts(en=poll.title),
        default_language="en",
    )


def _indicator(question_id: str, codes: tuple[int, ...]) -> Indicator | None:
    """The reporting indicator drawn from this question today, as ``fb_*`` columns."""
    rule = QUESTION_INDICATOR.get(question_id)
    if rule is None:
        return None
    excluded = tuple(code for code in codes if code not in rule.valid_codes)
    return Indicator(rule.name, positive=rule.positive_codes, excluded=excluded)


def legacy_definitions() -> list[PollDefinition]:
    """Every version of every JSON poll in the package, as definitions."""
    return [from_legacy(poll) for poll in all_polls()]
