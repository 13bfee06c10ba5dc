"""The tree of a parsed expression: values, literals, comparisons and their connectives."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ORDERED = frozenset({"<", "<=", ">", ">="})


class ExpressionError(ValueError):
    """Text that is not in the supported subset, or that does not fit the poll."""


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the answer being checked by a constraint."""


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class String:
    value: str


@dataclass(frozen=True)
class Compare:
    op: str
    left: Ref | Current
    right: Number | String


@dataclass(frozen=True)
class Selected:
    target: Ref | Current
    code: String


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Expr, ...]


Expr = Compare | Selected | Not | And | Or
