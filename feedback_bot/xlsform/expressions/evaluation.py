"""The truth of an expression given the answers so far, by walking its tree (no eval)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from feedback_bot.xlsform.expressions.tree import (
    ORDERED,
    And,
    Compare,
    Current,
    Expr,
    Not,
    Or,
    Selected,
    String,
)

AnswerValue = int | str | tuple[int, ...] | frozenset[int] | None


def _as_string(value: AnswerValue) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | frozenset):
        return " ".join(str(code) for code in sorted(value))
    return str(value)


def _as_number(value: AnswerValue) -> Decimal | None:
    """XPath's number(): None stands for NaN (unanswered, or not a number)."""
    if isinstance(value, bool) or value is None or isinstance(value, tuple | frozenset):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _compare(op: str, left: object, right: object) -> bool:
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right  # type: ignore[operator]
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def evaluate(tree: Expr, answers: Mapping[str, AnswerValue], current: AnswerValue = None) -> bool:
    """The truth of ``tree`` given the answers so far (XPath 1.0 semantics, NaN included).

    Answers: a code (select_one), codes (select_multiple), an int (integer), a str
    (text), or None / absent (not answered or not asked). Never raises.
    """
    if isinstance(tree, And):
        return all(evaluate(part, answers, current) for part in tree.operands)
    if isinstance(tree, Or):
        return any(evaluate(part, answers, current) for part in tree.operands)
    if isinstance(tree, Not):
        return not evaluate(tree.operand, answers, current)
    target = tree.left if isinstance(tree, Compare) else tree.target
    value = current if isinstance(target, Current) else answers.get(target.name)
    if isinstance(tree, Selected):
        return tree.code.value in _as_string(value).split()
    if isinstance(tree.right, String) and tree.op not in ORDERED:
        return _compare(tree.op, _as_string(value), tree.right.value)
    number = _as_number(value)
    limit = _as_number(tree.right.value)  # XPath orders strings as numbers
    if number is None or limit is None:  # NaN: every comparison false except !=
        return tree.op == "!="
    return _compare(tree.op, number, limit)
