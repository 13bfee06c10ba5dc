"""The codebook: what every export column, question, code and indicator means, in every language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from feedback_bot.config import LANGUAGES
from feedback_bot.services.export import LONG_COLUMNS, WIDE_ID_COLUMNS
from feedback_bot.services.export_csv import csv_chunks
from feedback_bot.services.export_polls import PollDefinition, all_polls

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

PROFILE_VARIABLES = {
    "gender": ((1, "woman"), (2, "man"), (3, "prefer not to say")),
    "age_band": (
        (2, "18–29"),
        (3, "30–44"),
        (4, "45–59"),
        (5, "60 or older"),
        (6, "prefer not to say"),
    ),
}


def codebook_csv(*, bom: bool = False) -> Iterator[str]:
    """The codebook as CSV text in pieces."""
    return csv_chunks(CODEBOOK_COLUMNS, codebook_rows(), bom=bom)


def codebook_rows() -> Iterator[tuple[Any, ...]]:
    """Columns, then every poll's questions and answers, then profile codes."""
    for name in dict.fromkeys((*LONG_COLUMNS, *WIDE_ID_COLUMNS)):
        yield _row("column", "", "", name, "", {}, COLUMN_DEFINITIONS[name])
    for poll in all_polls():
        yield from _poll_rows(poll)
    for variable, codes in PROFILE_VARIABLES.items():
        for code, label in codes:
            yield _row("profile", "", "", variable, code, {"en": label}, "")


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
