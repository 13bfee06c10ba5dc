"""Variable names that SPSS and Stata both accept, the same in both files.

Stata: at most 32 characters, letters, digits and underscores, not a reserved word.
SPSS: at most 64 bytes, starting with a letter, unique ignoring case, not a reserved
word. Names here are ASCII (older SPSS and Stata, R and pandas all read them): letters
outside ASCII are dropped, anything else becomes ``_``, a name left empty becomes
``q`` and its position, and a clash gets ``_2``, ``_3``… The analyst finds the
question's own id and text in the variable label and the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from feedback_bot.formats.variables import Variable

MAX_LENGTH = 32
# SPSS's reserved words and Stata's (compared ignoring case, which is stricter than Stata).
RESERVED = frozenset(
    {"all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with"}
    | {"byte", "double", "float", "if", "in", "int", "long", "strl", "using"}
)
_STATA_STR_TYPE = re.compile(r"^str\d+$", re.IGNORECASE)
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class Column:
    """One column of the labelled file: its name and where it comes from.

    ``position`` is the variable's place in a row; ``code`` is the choice a
    select_multiple 0/1 column stands for, else None.
    """

    name: str
    variable: Variable
    position: int
    code: int | None = None


def columns(variables: Sequence[Variable]) -> list[Column]:
    """The file's columns in order, each select_multiple split into one per choice."""
    taken: set[str] = set()
    result: list[Column] = []
    for position, variable in enumerate(variables):
        base = _base(variable.name, position + 1)
        if variable.kind == "select_multiple":
            for choice in variable.choices:
                name = _unique(base, f"_{choice.code}", taken)
                result.append(Column(name, variable, position, choice.code))
        else:
            result.append(Column(_unique(base, "", taken), variable, position))
    return result


def _base(name: str, position: int) -> str:
    ascii_name = _NON_ASCII.sub("", name)
    cleaned = _NOT_ALLOWED.sub("_", ascii_name)
    cleaned = re.sub(r"_+", "_", cleaned).strip("_")
    if not cleaned:
        return f"q{position}"
    if not cleaned[0].isalpha():
        cleaned = "q_" + cleaned
    if cleaned.lower() in RESERVED or _STATA_STR_TYPE.match(cleaned):
        cleaned = "q_" + cleaned
    return cleaned


def _unique(base: str, suffix: str, taken: set[str]) -> str:
    """``base + suffix`` cut to fit, or with ``_2``, ``_3``… until no name (any case) has it."""
    for extra in _counter():
        tail = suffix + extra
        name = base[: MAX_LENGTH - len(tail)].rstrip("_") + tail
        if name.lower() not in taken and name.lower() not in RESERVED:
            taken.add(name.lower())
            return name
    raise AssertionError("unreachable")


def _counter() -> Iterator[str]:
    yield ""
    number = 2
    while True:
        yield f"_{number}"
        number += 1
