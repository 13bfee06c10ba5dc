"""The safe subset of XLSForm expressions for ``relevant`` and ``constraint``.

Grammar (XPath's precedence: ``or`` binds loosest, then ``and``)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := term ("and" term)*
    term       := "not" "(" expr ")" | "(" expr ")" | selected | comparison
    selected   := "selected" "(" value "," STRING ")"
    comparison := value OP literal            OP: = != < <= > >=
    value      := "${" NAME "}" | "."
    literal    := NUMBER | STRING             NUMBER: -?digits[.digits]

Text is parsed into a small tree, checked against the poll's questions and
evaluated by walking the tree: nothing is ever handed to ``eval``. Anything
outside the grammar is an :class:`ExpressionError` saying where and why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ORDERED = frozenset({"<", "<=", ">", ">="})
OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\})
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<punct>[(),.])
      | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)


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


# --- parsing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    at: int  # 1-based character position, for messages


def _tokens(text: str) -> list[_Token]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            start = len(text) - len(text[pos:].lstrip())
            raise ExpressionError(f"unexpected {text[start]!r} at character {start + 1}")
        kind = match.lastgroup if match.lastgroup != "name" else "ref"
        value = match.group(kind)
        out.append(_Token(kind, value, match.start(kind) + 1))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.i += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ExpressionError(
                f"expected {text!r} at character {token.at}, found {token.text!r}"
            )

    def at_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "word" and token.text == word

    def expression(self) -> Expr:
        operands = [self.and_expression()]
        while self.at_word("or"):
            self.take()
            operands.append(self.and_expression())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expression(self) -> Expr:
        operands = [self.term()]
        while self.at_word("and"):
            self.take()
            operands.append(self.term())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def term(self) -> Expr:
        token = self.take()
        if token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "word" and token.text in ("not", "selected"):
            self.expect("(")
            if token.text == "not":
                inner = self.expression()
                self.expect(")")
                return Not(inner)
            target = self.value(self.take())
            self.expect(",")
            code = self.take()
            if code.kind != "string":
                raise ExpressionError(
                    f"selected() takes a quoted code, as in selected(${{q}}, '1'), "
                    f"at character {code.at}"
                )
            self.expect(")")
            return Selected(target, String(code.text[1:-1]))
        if token.kind == "word":
            raise ExpressionError(
                f"{token.text!r} at character {token.at} is not supported: use ${{question}}, "
                "'.', numbers, 'codes', = != < <= > >=, selected(), and, or, not()"
            )
        left = self.value(token)
        op = self.take()
        if op.kind != "op":
            raise ExpressionError(f"expected a comparison at character {op.at}, found {op.text!r}")
        right = self.take()
        if right.kind == "number":
            return Compare(op.text, left, Number(Decimal(right.text)))
        if right.kind == "string":
            return Compare(op.text, left, String(right.text[1:-1]))
        raise ExpressionError(
            f"a comparison needs a number or a 'quoted' code on its right, at character {right.at}"
        )

    def value(self, token: _Token) -> Ref | Current:
        if token.kind == "ref":
            return Ref(token.text[2:-1])
        if token.text == ".":
            return Current()
        raise ExpressionError(
            f"expected ${{question}} or '.' at character {token.at}, found {token.text!r}"
        )


def parse(text: str) -> Expr:
    """The tree of ``text``, or an :class:`ExpressionError` for anything outside the subset."""
    parser = _Parser(text)
    if parser.peek() is None:
        raise ExpressionError("the expression is empty")
    tree = parser.expression()
    rest = parser.peek()
    if rest is not None:
        raise ExpressionError(f"unexpected {rest.text!r} at character {rest.at}")
    return tree


# --- printing --------------------------------------------------------------------------


def _literal(node: Number | String | Ref | Current) -> str:
    if isinstance(node, Ref):
        return "${" + node.name + "}"
    if isinstance(node, Current):
        return "."
    if isinstance(node, Number):
        value = node.value
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    quote = "'" if "'" not in node.value else '"'
    return f"{quote}{node.value}{quote}"


def to_text(tree: Expr) -> str:
    """The canonical text of a tree; ``parse(to_text(t)) == t``."""
    if isinstance(tree, Compare):
        return f"{_literal(tree.left)} {tree.op} {_literal(tree.right)}"
    if isinstance(tree, Selected):
        return f"selected({_literal(tree.target)}, {_literal(tree.code)})"
    if isinstance(tree, Not):
        return f"not({to_text(tree.operand)})"
    joiner = " and " if isinstance(tree, And) else " or "
    grouped = (And, Or) if isinstance(tree, And) else (Or,)
    return joiner.join(
        f"({to_text(part)})" if isinstance(part, grouped) else to_text(part)
        for part in tree.operands
    )


def canonical(text: str) -> str:
    """``text`` in its one canonical spelling (spacing, quotes, numbers)."""
    return to_text(parse(text))


def references(tree: Expr) -> list[Ref | Current]:
    """Every ``${q}`` and ``.`` in the tree, left to right."""
    if isinstance(tree, Compare):
        return [tree.left]
    if isinstance(tree, Selected):
        return [tree.target]
    if isinstance(tree, Not):
        return references(tree.operand)
    return [ref for part in tree.operands for ref in references(part)]


# --- checking against a poll -----------------------------------------------------------


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
    if code in {str(c) for c in question.codes}:
        return []
    return [f"'{code}' is not a code of {name} (codes {' '.join(map(str, question.codes))})"]


def _check_selected(name: str, question: Answerable, node: Selected) -> list[str]:
    if question.type not in ("select_one", "select_multiple"):
        return [f"selected() needs a select question; {name} is {question.type}"]
    return _code_problem(name, question, node.code.value)


def _check_compare(name: str, question: Answerable, node: Compare) -> list[str]:
    op, right = node.op, node.right
    shown = f"{name} {op} {_literal(right)}"
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
    return _code_problem(name, question, _literal(right))


# --- evaluating ------------------------------------------------------------------------

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
