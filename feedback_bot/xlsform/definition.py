"""A poll definition: plain, immutable data with one canonical serialisation and its hash.

This is what an XLSForm becomes once read and checked, and what a stored poll
version holds. It knows nothing of spreadsheets, the database or the conversation.

Texts are per language (``ar``, ``ckb``, ``kmr``, ``en``); a label names the
station as ``{station}``. Expressions (``relevant``, ``constraint``) are kept in
their canonical printed form (see :mod:`feedback_bot.xlsform.expressions`), so two
forms that differ only in spacing have the same content hash.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from feedback_bot.i18n import LANGUAGES

QUESTION_TYPES = ("select_one", "select_multiple", "integer", "text", "note")
SELECT_TYPES = frozenset({"select_one", "select_multiple"})
PLACEHOLDERS = ("station",)
FORMAT_VERSION = 1  # of the canonical serialisation below; part of the hash


class DefinitionError(ValueError):
    """A definition that breaks the model's own rules (a programming or data error)."""


def clean_text(text: str) -> str:
    """One spelling of a text: NFC, line ends folded, no-break spaces plain, outer spaces trimmed.

    The same folding as pyxform's reading of a cell, so a text survives a round trip.
    """
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    return unicodedata.normalize("NFC", text).strip()


class Texts(Mapping[str, str]):
    """One text per language code, immutable and hashable; empty texts are dropped."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None, /, **by_language: str) -> None:
        merged = {**(items or {}), **by_language}
        unknown = sorted(set(merged) - set(LANGUAGES))
        if unknown:
            raise DefinitionError(f"unknown language {unknown[0]!r}")
        cleaned = {lang: clean_text(merged[lang]) for lang in LANGUAGES if lang in merged}
        self._items = tuple((lang, text) for lang, text in cleaned.items() if text)

    def __getitem__(self, language: str) -> str:
        for lang, text in self._items:
            if lang == language:
                return text
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return (lang for lang, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Texts):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"Texts({dict(self._items)!r})"

    def missing(self) -> tuple[str, ...]:
        """The languages this text lacks, in catalog order."""
        return tuple(lang for lang in LANGUAGES if lang not in self)


def fill(text: str, **values: str) -> str:
    """A label with its ``{station}`` (and only known) placeholders filled."""
    for name in PLACEHOLDERS:
        if name in values:
            text = text.replace("{" + name + "}", values[name])
    return text


@dataclass(frozen=True)
class Choice:
    code: int
    label: Texts


@dataclass(frozen=True)
class Indicator:
    """A yes/no reporting indicator from one select_one question (``fb_*`` columns)."""

    name: str
    positive: tuple[int, ...]
    excluded: tuple[int, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # one of QUESTION_TYPES
    label: Texts
    hint: Texts = field(default_factory=Texts)
    list_name: str | None = None  # select types: the choices list it draws from
    choices: tuple[Choice, ...] = ()
    required: bool = False
    relevant: str | None = None  # canonical expression; None: always asked
    constraint: str | None = None  # canonical expression over "." and earlier answers
    constraint_message: Texts = field(default_factory=Texts)
    indicator: Indicator | None = None

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise DefinitionError(f"question {self.id}: unknown type {self.type!r}")
        if (self.type in SELECT_TYPES) != bool(self.list_name and self.choices):
            raise DefinitionError(f"question {self.id}: choices go with select types only")
        codes = [c.code for c in self.choices]
        if len(set(codes)) != len(codes):
            raise DefinitionError(f"question {self.id}: duplicate choice codes")

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(c.code for c in self.choices)

    def choice(self, code: int) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)

    @property
    def answerable(self) -> bool:
        return self.type != "note"


@dataclass(frozen=True)
class PollDefinition:
    id: str
    version: int
    questions: tuple[Question, ...]
    title: Texts = field(default_factory=Texts)
    default_language: str = "en"

    def __post_init__(self) -> None:
        if self.default_language not in LANGUAGES:
            raise DefinitionError(f"poll {self.id}: unknown language {self.default_language!r}")
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise DefinitionError(f"poll {self.id}: duplicate question ids")
        lists: dict[str, tuple[Choice, ...]] = {}
        for q in self.questions:
            if q.list_name is not None and lists.setdefault(q.list_name, q.choices) != q.choices:
                raise DefinitionError(f"poll {self.id}: list {q.list_name} differs between uses")

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def choice_lists(self) -> dict[str, tuple[Choice, ...]]:
        """Every choices list, in order of first use."""
        lists: dict[str, tuple[Choice, ...]] = {}
        for q in self.questions:
            if q.list_name is not None:
                lists.setdefault(q.list_name, q.choices)
        return lists

    @property
    def indicators(self) -> dict[str, tuple[Question, Indicator]]:
        return {q.indicator.name: (q, q.indicator) for q in self.questions if q.indicator}

    def to_dict(self) -> dict[str, Any]:
        """The canonical plain-data form: choices lists once, questions name theirs."""
        return {
            "format": FORMAT_VERSION,
            "id": self.id,
            "version": self.version,
            "default_language": self.default_language,
            "title": dict(self.title),
            "lists": {
                name: [{"code": c.code, "label": dict(c.label)} for c in choices]
                for name, choices in self.choice_lists.items()
            },
            "questions": [_question_dict(q) for q in self.questions],
        }

    def to_json(self) -> str:
        """The canonical serialisation: sorted keys, no insignificant whitespace, UTF-8 text."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical serialisation, hex; equal definitions, equal hashes."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PollDefinition:
        try:
            if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
                raise DefinitionError(f"unknown definition format {data.get('format')!r}")
            lists = {
                name: tuple(Choice(int(c["code"]), Texts(c["label"])) for c in choices)
                for name, choices in data.get("lists", {}).items()
            }
            questions = tuple(_question_from(item, lists) for item in data["questions"])
            return cls(
                id=data["id"],
                version=int(data["version"]),
                questions=questions,
                title=Texts(data.get("title") or {}),
                default_language=data.get("default_language", "en"),
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise DefinitionError(f"not a poll definition: {err!r}") from err

    @classmethod
    def from_json(cls, text: str) -> PollDefinition:
        return cls.from_dict(json.loads(text))


def _question_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type, "label": dict(q.label)}
    optional = {
        "hint": dict(q.hint),
        "list": q.list_name,
        "required": q.required or None,
        "relevant": q.relevant,
        "constraint": q.constraint,
        "constraint_message": dict(q.constraint_message),
    }
    out.update({key: value for key, value in optional.items() if value})
    if q.indicator is not None:
        out["indicator"] = {
            "name": q.indicator.name,
            "positive": list(q.indicator.positive),
            "excluded": list(q.indicator.excluded),
        }
    return out


def _question_from(item: Mapping[str, Any], lists: Mapping[str, tuple[Choice, ...]]) -> Question:
    list_name = item.get("list")
    if list_name is not None and list_name not in lists:
        raise DefinitionError(f"question {item['id']}: no list {list_name!r}")
    indicator = item.get("indicator")
    return Question(
        id=item["id"],
        type=item["type"],
        label=Texts(item["label"]),
        hint=Texts(item.get("hint") or {}),
        list_name=list_name,
        choices=lists[list_name] if list_name is not None else (),
        required=bool(item.get("required", False)),
        relevant=item.get("relevant"),
        constraint=item.get("constraint"),
        constraint_message=Texts(item.get("constraint_message") or {}),
        indicator=None
        if indicator is None
        else Indicator(
            name=indicator["name"],
            positive=tuple(int(c) for c in indicator["positive"]),
            excluded=tuple(int(c) for c in indicator.get("excluded", ())),
        ),
    )
