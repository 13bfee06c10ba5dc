"""What the labelled writers are told about each column of the wide table.

Plain data, no database: the export builds these from the poll definitions and the
codebook, and the writers (:mod:`.labelled`, :mod:`.xlsx`) turn them into files.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from feedback_bot.i18n import LANGUAGES

# How a column's cells are written:
# - number: an int or float (ids, wave, version, integer questions);
# - select_one: an answer code (int), labelled with ``choices``;
# - select_multiple: the chosen codes (a collection of ints, or text such as "1 3"),
#   written as one 0/1 variable per choice;
# - text: text the bot or the operator wrote (codes, ids, station, status);
# - free_text: what a resident typed (phone numbers masked, formulas neutralised);
# - datetime: ISO 8601 text with an offset (or a datetime), written in UTC.
# A cell that is None or "" is missing: system-missing in numbers, empty in text.
KINDS = ("number", "select_one", "select_multiple", "text", "free_text", "datetime")
NUMERIC_KINDS = ("number", "select_one", "select_multiple", "datetime")

_CODES = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Choice:
    """One answer: its code and its label in each language (``{"ar": …, "en": …}``)."""

    code: int
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Variable:
    """One column of the wide table: the wide CSV's column name, kind and labels.

    ``labels`` is the variable label (question text, or what an id column holds) by
    language; a language missing from it falls back to English.
    """

    name: str
    kind: str
    labels: Mapping[str, str] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"variable {self.name!r}: kind must be one of {KINDS}")
        if self.kind == "select_multiple" and not self.choices:
            raise ValueError(f"variable {self.name!r}: select_multiple needs its choices")
        codes = [choice.code for choice in self.choices]
        if len(set(codes)) != len(codes):
            raise ValueError(f"variable {self.name!r}: answer codes repeat")

    def label(self, language: str) -> str:
        return label_in(self.labels, language)


def label_in(labels: Mapping[str, str], language: str) -> str:
    """The text in ``language``, or in English where that language has none."""
    return labels.get(language) or labels.get("en") or ""


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"labels must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def is_missing(cell: Any) -> bool:
    return cell is None or cell == ""


def chosen_codes(cell: Any) -> frozenset[int]:
    """The codes of a select_multiple cell: a collection of ints or text like "1 3" / "1,3"."""
    if isinstance(cell, str):
        return frozenset(int(part) for part in _CODES.split(cell.strip()) if part)
    if isinstance(cell, Collection):
        return frozenset(int(code) for code in cell)
    raise TypeError(f"a select_multiple cell is codes, not {cell!r}")
