"""The poll definitions as exports see them: questions, codes and labels in every language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from feedback_bot import polls
from feedback_bot.i18n import LANGUAGES
from feedback_bot.services.export.cells import neutralise

# Codebook and wide columns list polls in this order, then any others by id.
POLL_ORDER = ("trust", "open_day")


# The poll data file's Option/Question carry the English source; these carry every language.
@dataclass(frozen=True)
class LabelledOption:
    code: int
    labels: dict[str, str]


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    free_text: bool
    texts: dict[str, str]
    options: tuple[LabelledOption, ...] = field(default=())


@dataclass(frozen=True)
class PollDefinition:
    poll_id: str
    version: int
    questions: tuple[LabelledQuestion, ...]


def _question_texts(question: polls.Question) -> dict[str, str]:
    # The bot fills %(station)s with the station's name; the codebook shows where.
    return {
        language: polls.question_text(language, question).replace("%(station)s", "{station}")
        for language in LANGUAGES
    }


def _answer_labels(question: polls.Question, option: polls.Option) -> dict[str, str]:
    return {language: polls.option_label(language, question, option) for language in LANGUAGES}


def _definition(poll: polls.Poll) -> PollDefinition:
    """One poll in the words the bot uses: its data file and the Babel catalogs."""
    questions = tuple(
        LabelledQuestion(
            question.id,
            question.type == "text",
            _question_texts(question),
            tuple(
                LabelledOption(option.code, _answer_labels(question, option))
                for option in question.options
            ),
        )
        for question in poll.questions
    )
    return PollDefinition(poll.id, poll.version, questions)


def all_polls() -> list[PollDefinition]:
    """Every poll and version, in a stable order (known polls first, then by id, version)."""
    definitions = [_definition(poll) for poll in polls.all_polls()]
    rank = {poll_id: i for i, poll_id in enumerate(POLL_ORDER)}
    return sorted(definitions, key=lambda p: (rank.get(p.poll_id, len(rank)), p.poll_id, p.version))


@dataclass(frozen=True)
class PollIndex:
    """Dicts built once per export so rows are labelled without a lookup per poll.

    Labels are already formula-safe cells.
    """

    labels_en: dict[tuple[str, int, str, int], str]
    free_text: frozenset[tuple[str, int, str]]
    positions: dict[str, int]  # question id -> order across all polls and versions

    @classmethod
    def build(cls, definitions: Sequence[PollDefinition]) -> PollIndex:
        labels: dict[tuple[str, int, str, int], str] = {}
        free_text: set[tuple[str, int, str]] = set()
        positions: dict[str, int] = {}
        for poll in definitions:
            for question in poll.questions:
                positions.setdefault(question.id, len(positions))
                if question.free_text:
                    free_text.add((poll.poll_id, poll.version, question.id))
                for option in question.options:
                    key = (poll.poll_id, poll.version, question.id, option.code)
                    labels[key] = neutralise(option.labels.get("en", ""))
        return cls(labels, frozenset(free_text), positions)
