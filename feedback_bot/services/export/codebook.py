"""The codebook: what every export column, question, code and indicator means, in every language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from feedback_bot.conversation import prompts
from feedback_bot.i18n import LANGUAGES, translate_in
from feedback_bot.services.export.answers import LONG_COLUMNS, WIDE_ID_COLUMNS
from feedback_bot.services.export.cells import csv_chunks
from feedback_bot.services.export.polls import PollDefinition, all_polls
from feedback_bot.stats import INDICATORS

CODEBOOK_COLUMNS = (
    "record", "poll_id", "poll_version", "variable", "code",
    *(f"text_{language}" for language in LANGUAGES), "definition",
)  # fmt: skip
FILENAME = "codebook.csv"

# What each export column holds; wide files add one column per question id.
COLUMN_DEFINITIONS = {
    "response_id": "Number of the response (one resident taking one poll in one wave).",
    "respondent_id": "Pseudonym of the resident: keyed HMAC of the phone number, the same "
    "in every wave and every export; it cannot be reversed without the key.",
    "wave": "1 for the first completed trust poll, 2, 3… for the follow-ups.",
    "poll_id": "The poll (see the question rows).",
    "poll_version": "Version of the poll; wording is identical within a version.",
    "station_code": "Model Police Station the response is about.",
    "governorate": "Governorate of the station.",
    "channel": "sms or whatsapp.",
    "language": "Language the resident answered in: ar, ckb, kmr or en.",
    "gender": "Resident's gender code (see the profile rows); empty if never asked.",
    "age_band": "Resident's age band code (see the profile rows); empty if never asked.",
    "question_id": "The question (see the question rows).",
    "answer_code": "Code of the chosen answer; empty for free text or no answer.",
    "answer_label_en": "English label of answer_code.",
    "answer_text": "Free-text answer; anything like a phone number is replaced by "
    "[number removed].",
    "started_at": "When the response started: ISO 8601, UTC (+00:00).",
    "answered_at": "When this question was answered or given up: ISO 8601, UTC (+00:00).",
    "completed_at": "When the response was completed (empty if not): ISO 8601, UTC.",
    "status": "Long file: answer status (answered, unanswered after three tries, skipped). "
    "Wide file: response status (in_progress, completed, expired, abandoned).",
}

# The profile questions' options as the bot sends them: (variable, labels), code = position.
PROFILE_OPTIONS = (prompts.GENDER_OPTIONS, prompts.AGE_OPTIONS)

MINOR_NOTE = "Never in the data: the bot says goodbye and stores nothing about a minor."


def codebook_csv(*, bom: bool = False) -> Iterator[str]:
    """The codebook as CSV text in pieces."""
    return csv_chunks(CODEBOOK_COLUMNS, codebook_rows(), bom=bom)


def codebook_rows() -> Iterator[tuple[Any, ...]]:
    """Export columns, every poll's questions and answers, profile codes, then indicators."""
    for name in dict.fromkeys((*LONG_COLUMNS, *WIDE_ID_COLUMNS)):
        yield _row("column", "", "", name, "", {}, COLUMN_DEFINITIONS[name])
    definitions = all_polls()
    for poll in definitions:
        yield from _poll_rows(poll)
    for variable, labels in PROFILE_OPTIONS:
        for code, label in enumerate(labels, start=1):
            texts = {language: translate_in(language, variable, label) for language in LANGUAGES}
            note = MINOR_NOTE if (variable, code) == ("age_band", 1) else ""
            yield _row("profile", "", "", variable, code, texts, note)
    yield from _indicator_rows(definitions)


def _indicator_rows(definitions: list[PollDefinition]) -> Iterator[tuple[Any, ...]]:
    for indicator in INDICATORS.values():
        poll = next(
            (p for p in definitions if any(q.id == indicator.question_id for q in p.questions)),
            None,
        )
        definition = (
            f"{indicator.rule_en} (question {indicator.question_id}; "
            f"positive codes {_codes(indicator.positive_codes)}; "
            f"valid codes {_codes(indicator.valid_codes)})"
        )
        yield _row(
            "indicator",
            poll.poll_id if poll else "",
            "",
            indicator.name,
            "",
            {"en": indicator.label_en},
            definition,
        )


def _codes(codes: tuple[int, ...]) -> str:
    return " ".join(str(code) for code in codes)


def _poll_rows(poll: PollDefinition) -> Iterator[tuple[Any, ...]]:
    for question in poll.questions:
        kind = "free text" if question.free_text else "one answer code"
        yield _row("question", poll.poll_id, poll.version, question.id, "", question.texts, kind)
        for option in question.options:
            yield _row(
                "answer", poll.poll_id, poll.version, question.id, option.code, option.labels, ""
            )


def _row(
    record: str,
    poll_id: str,
    version: int | str,
    variable: str,
    code: int | str,
    texts: dict[str, str],
    definition: str,
) -> tuple[Any, ...]:
    return (
        record,
        poll_id,
        version,
        variable,
        code,
        *(texts.get(language, "") for language in LANGUAGES),
        definition,
    )
