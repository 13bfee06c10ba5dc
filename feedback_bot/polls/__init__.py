"""Poll definitions as versioned data: ``<poll_id>_v<version>.json`` beside this module.

Adding a question or a version is a new or edited data file, never a code change.
Texts are English source strings; their translations live in the Babel catalogs
(answer labels under the ``msgctxt`` of their question id).

A version that keeps the English of an earlier one but has its own, reviewed translations
says ``"own_translations": true``: its question texts and answer labels are translated
under the ``msgctxt`` ``"<poll> v<version> <question id>"``, so the earlier version keeps
the wording its answers were given in (exports, codebook) while new residents get the new.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from feedback_bot.i18n import translate, translate_in

_FILE = re.compile(r"^(?P<poll>[a-z][a-z0-9_]*)_v(?P<version>\d+)\.json$")
QUESTION_TYPES = ("choice", "text")


@dataclass(frozen=True)
class Option:
    code: int
    label: str  # English source; translated under its question's ``label_context``


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # "choice" | "text"
    text: str  # English source with %(station)s where the station is named
    options: tuple[Option, ...] = ()
    optional: bool = False
    skip: str | None = None  # for optional text questions: the reply that skips
    # msgctxt of the question text (None: none) and of its answer labels (default: the id)
    text_context: str | None = None
    label_context: str = ""

    def __post_init__(self) -> None:
        if not self.label_context:
            object.__setattr__(self, "label_context", self.id)

    def option(self, code: int) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Poll:
    id: str
    version: int
    title: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def translation_context(poll_id: str, version: int, question_id: str) -> str:
    """The ``msgctxt`` of a question of a version that has its own translations."""
    return f"{poll_id} v{version} {question_id}"


def _parse(data: dict) -> Poll:
    questions = []
    own = bool(data.get("own_translations", False))
    for item in data["questions"]:
        if item["type"] not in QUESTION_TYPES:
            raise ValueError(f"poll {data['id']}: unknown question type {item['type']!r}")
        options = tuple(
            Option(code=int(o["code"]), label=o["label"]) for o in item.get("options", ())
        )
        if item["type"] == "choice" and not options:
            raise ValueError(f"poll {data['id']}: question {item['id']} has no options")
        questions.append(
            Question(
                id=item["id"],
                type=item["type"],
                text=item["text"],
                options=options,
                optional=bool(item.get("optional", False)),
                skip=item.get("skip"),
                **_contexts(data, item["id"]) if own else {},
            )
        )
    return Poll(
        id=data["id"], version=int(data["version"]), title=data["title"], questions=tuple(questions)
    )


def _contexts(data: dict, question_id: str) -> dict[str, str]:
    context = translation_context(data["id"], int(data["version"]), question_id)
    return {"text_context": context, "label_context": context}


def question_text(language: str, question: Question, **variables: object) -> str:
    """The question in ``language`` as its version words it (``%(station)s`` filled if given)."""
    if question.text_context is None:
        return translate(language, question.text, **variables)
    return translate_in(language, question.text_context, question.text, **variables)


def option_label(language: str, question: Question, option: Option) -> str:
    """One answer label in ``language`` as the question's version words it."""
    return translate_in(language, question.label_context, option.label)


def option_labels(language: str, question: Question) -> list[str]:
    return [option_label(language, question, option) for option in question.options]


@cache
def available() -> dict[str, tuple[int, ...]]:
    """Every poll id with its versions, ascending."""
    found: dict[str, list[int]] = {}
    for entry in files(__package__).iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.setdefault(match["poll"], []).append(int(match["version"]))
    return {poll: tuple(sorted(versions)) for poll, versions in sorted(found.items())}


@cache
def load_poll(poll_id: str, version: int | None = None) -> Poll:
    """A poll definition; without ``version``, the latest one. Unknown polls raise KeyError."""
    versions = available().get(poll_id)
    if not versions:
        raise KeyError(f"no poll {poll_id!r}")
    version = versions[-1] if version is None else version
    if version not in versions:
        raise KeyError(f"no version {version} of poll {poll_id!r}")
    text = (files(__package__) / f"{poll_id}_v{version}.json").read_text(encoding="utf-8")
    poll = _parse(json.loads(text))
    if (poll.id, poll.version) != (poll_id, version):
        raise ValueError(f"{poll_id}_v{version}.json declares {poll.id} v{poll.version}")
    return poll


def all_polls() -> list[Poll]:
    """Every version of every poll, for the codebook and exports."""
    return [load_poll(p, v) for p, versions in available().items() for v in versions]


def current_polls() -> list[Poll]:
    """The latest version of every poll: what new responses are asked (the linter's set)."""
    return [load_poll(poll_id) for poll_id in available()]
