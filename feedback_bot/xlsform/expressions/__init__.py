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

from feedback_bot.xlsform.expressions.checking import Answerable, check
from feedback_bot.xlsform.expressions.evaluation import AnswerValue, evaluate
from feedback_bot.xlsform.expressions.syntax import canonical, parse, references, to_text
from feedback_bot.xlsform.expressions.tree import (
    ORDERED,
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

__all__ = [
    "ORDERED",
    "And",
    "AnswerValue",
    "Answerable",
    "Compare",
    "Current",
    "Expr",
    "ExpressionError",
    "Not",
    "Number",
    "Or",
    "Ref",
    "Selected",
    "String",
    "canonical",
    "check",
    "evaluate",
    "parse",
    "references",
    "to_text",
]
