"""Text to tree and back: the tokenizer, a recursive-descent parser and the canonical printer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from feedback_bot.xlsform.expressions.tree import (
    And,
    Compare,
    Current,
    Expr,
    ExpressionError,
    Not,
    Number,
    Or,
    Ref,
    Selected,
    String,
)

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\})
      | (?P<number>-?[0-9]+(?:\.[0-9]+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<punct>[(),.])
      | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)


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


def literal_text(node: Number | String | Ref | Current) -> str:
    """One value or literal as the canonical text writes it."""
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
        return f"{literal_text(tree.left)} {tree.op} {literal_text(tree.right)}"
    if isinstance(tree, Selected):
        return f"selected({literal_text(tree.target)}, {literal_text(tree.code)})"
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
