"""Whether an expression fits its poll: known, earlier, answerable questions and their codes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from feedback_bot.xlsform.expressions.syntax import literal_text
from feedback_bot.xlsform.expressions.tree import (
    ORDERED,
    Compare,
    Current,
    Expr,
    Not,
    Number,
    Selected,
    String,
)


@dataclass(frozen=True)
class Answerable:
    """What a checked expression may know of a question: its type and its codes."""

    type: str
    codes: tuple[int, ...] = ()


def check(
    tree: Expr,
    earlier: Mapping[str, Answerable],
    later: frozenset[str] = frozenset(),
    current: Answerable | None = None,
) -> list[str]:
    """Every problem of ``tree`` in its poll, as sentences; empty when it fits.

    ``earlier``: the questions asked before this one (the only ones with answers yet);
    ``later``: the poll's other ids, named in a clearer message; ``current``: the
    question a constraint checks (``.``), None for ``relevant``.
    """
    problems: list[str] = []
    for node in _comparisons(tree):
        target = node.left if isinstance(node, Compare) else node.target
        if isinstance(target, Current):
            if current is None:
                problems.append("'.' means this question's answer and only fits a constraint")
                continue
            question, name = current, "this answer"
        else:
            name = "${" + target.name + "}"
            question = earlier.get(target.name)
            if question is None:
                if target.name in later:
                    problems.append(f"{name} is not asked before this question")
                else:
                    problems.append(f"unknown question {name}")
                continue
        if question.type == "note":
            problems.append(f"{name} is a note and has no answer")
        elif isinstance(node, Selected):
            problems += _check_selected(name, question, node)
        else:
            problems += _check_compare(name, question, node)
    return problems


def _comparisons(tree: Expr) -> list[Compare | Selected]:
    if isinstance(tree, Compare | Selected):
        return [tree]
    if isinstance(tree, Not):
        return _comparisons(tree.operand)
    return [node for part in tree.operands for node in _comparisons(part)]


def _code_problem(name: str, question: Answerable, code: str) -> list[str]:
    if not question.codes or code in {str(c) for c in question.codes}:
        return []  # no codes: its choices list is missing, and that is reported on its own row
    return [f"'{code}' is not a code of {name} (codes {' '.join(map(str, question.codes))})"]


def _check_selected(name: str, question: Answerable, node: Selected) -> list[str]:
    if question.type not in ("select_one", "select_multiple"):
        return [f"selected() needs a select question; {name} is {question.type}"]
    return _code_problem(name, question, node.code.value)


def _check_compare(name: str, question: Answerable, node: Compare) -> list[str]:
    op, right = node.op, node.right
    shown = f"{name} {op} {literal_text(right)}"
    if isinstance(right, String) and right.value == "" and op not in ORDERED:
        return []  # answered or not: fits every type
    if question.type == "select_multiple":
        return [f"{shown}: use selected({name}, 'code') for a select_multiple question"]
    if question.type == "text":
        if op in ORDERED or isinstance(right, Number):
            return [f"{shown}: a text answer is compared only with = or != and a 'quoted' text"]
        return []
    if question.type == "integer":
        if isinstance(right, String):
            return [f"{shown}: compare a number answer with a number, without quotes"]
        return []
    # select_one: a code, quoted or not; ordered comparisons over codes are numeric
    if isinstance(right, String):
        if op in ORDERED:
            return [f"{shown}: an ordered comparison takes a number, without quotes"]
        return _code_problem(name, question, right.value)
    if op in ORDERED:
        return []
    return _code_problem(name, question, literal_text(right))
