"""The poll definitions as exports see them: questions, codes and labels in every language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from feedback_bot.config import LANGUAGES

# Codebook and wide columns list polls in this order, then any others by id.
POLL_ORDER = ("trust", "open_day")


@dataclass(frozen=True)
class Option:
    code: int
    labels: dict[str, str]


@dataclass(frozen=True)
class Question:
    id: str
    free_text: bool
    texts: dict[str, str]
    options: tuple[Option, ...] = field(default=())


@dataclass(frozen=True)
class PollDefinition:
    poll_id: str
    version: int
    questions: tuple[Question, ...]


def _texts(en: str) -> dict[str, str]:
    return {language: en if language == "en" else "" for language in LANGUAGES}


def _choice(qid: str, text: str, labels: Sequence[str]) -> Question:
    options = tuple(Option(code, _texts(label)) for code, label in enumerate(labels, start=1))
    return Question(qid, False, _texts(text), options)


def _load_polls() -> list[PollDefinition]:
    """The DESIGN.md tables until feedback_bot.polls.load_poll lands."""
    trust = PollDefinition(
        "trust",
        1,
        (
            _choice(
                "trust_police",
                "How much do you trust the police at {station}?",
                ("a great deal", "quite a lot", "not very much", "not at all"),
            ),
            _choice(
                "safe_after_dark",
                "How safe do you feel walking alone in your area after dark?",
                (
                    "very safe",
                    "fairly safe",
                    "a bit unsafe",
                    "very unsafe",
                    "I never go out alone at night",
                ),
            ),
            _choice(
                "police_respect",
                "How often do the police in your area treat people with respect?",
                ("very often", "often", "not very often", "not at all"),
            ),
            _choice(
                "report_crime",
                "If you were a victim of a crime, how likely is it that you would "
                "report it to {station}?",
                ("very likely", "fairly likely", "not very likely", "not at all likely"),
            ),
            _choice(
                "women_access",
                "Could a woman from your family go to {station} on her own to report a problem?",
                ("yes", "no", "not sure"),
            ),
            Question(
                "comment",
                True,
                _texts("Anything you want to tell the station? (reply 0 to skip)"),
            ),
        ),
    )
    open_day = PollDefinition(
        "open_day",
        1,
        (
            _choice(
                "od_useful",
                "How useful was the Open Day?",
                ("very useful", "somewhat", "not really"),
            ),
            _choice(
                "od_trust_change",
                "After the Open Day, do you trust the police…",
                ("more than before", "the same", "less than before"),
            ),
        ),
    )
    return [trust, open_day]


def all_polls() -> list[PollDefinition]:
    """Every poll and version, in a stable order (known polls first, then by id, version)."""
    polls = _load_polls()
    rank = {poll_id: i for i, poll_id in enumerate(POLL_ORDER)}
    return sorted(polls, key=lambda p: (rank.get(p.poll_id, len(rank)), p.poll_id, p.version))


@dataclass(frozen=True)
class PollIndex:
    """Dicts built once per export so rows are labelled without a lookup per poll."""

    labels_en: dict[tuple[str, int, str, int], str]
    free_text: frozenset[tuple[str, int, str]]
    positions: dict[str, int]  # question id -> order across all polls and versions

    @classmethod
    def build(cls, polls: Sequence[PollDefinition]) -> PollIndex:
        labels: dict[tuple[str, int, str, int], str] = {}
        free_text: set[tuple[str, int, str]] = set()
        positions: dict[str, int] = {}
        for poll in polls:
            for question in poll.questions:
                positions.setdefault(question.id, len(positions))
                if question.free_text:
                    free_text.add((poll.poll_id, poll.version, question.id))
                for option in question.options:
                    key = (poll.poll_id, poll.version, question.id, option.code)
                    labels[key] = option.labels.get("en", "")
        return cls(labels, frozenset(free_text), positions)
