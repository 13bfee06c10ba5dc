"""The relevant/constraint subset: parsed, printed, checked and evaluated without eval."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_bot.xlsform.expressions import (
    And,
    Answerable,
    Compare,
    Current,
    ExpressionError,
    Not,
    Number,
    Or,
    Ref,
    Selected,
    String,
    canonical,
    check,
    evaluate,
    parse,
    references,
    to_text,
)

NAMES = ("knows", "times", "places", "why", "note_1")
POLL = {
    "knows": Answerable("select_one", (1, 2, 3)),
    "times": Answerable("integer"),
    "places": Answerable("select_multiple", (1, 2, 3, 4, 5)),
    "why": Answerable("text"),
}

values = st.one_of(st.builds(Ref, st.sampled_from(NAMES)), st.just(Current()))
numbers = st.builds(Number, st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False))
strings = st.builds(String, st.text(alphabet="abc 0123'", max_size=5))
comparisons = st.builds(
    Compare, st.sampled_from(("=", "!=", "<", "<=", ">", ">=")), values, numbers | strings
)
selects = st.builds(Selected, values, st.builds(String, st.sampled_from(("1", "2", "3", "x"))))
trees = st.recursive(
    comparisons | selects,
    lambda inner: st.one_of(
        st.builds(Not, inner),
        st.builds(And, st.lists(inner, min_size=2, max_size=3).map(tuple)),
        st.builds(Or, st.lists(inner, min_size=2, max_size=3).map(tuple)),
    ),
    max_leaves=8,
)
answer_values = st.one_of(
    st.none(),
    st.integers(-5, 100),
    st.text(max_size=6),
    st.frozensets(st.integers(1, 5), max_size=5),
)
answer_sets = st.dictionaries(st.sampled_from(NAMES), answer_values)


@given(trees)
def test_every_tree_prints_to_text_that_parses_back_to_it(tree):
    text = to_text(tree)
    assert parse(text) == tree
    assert canonical(text) == text


@given(trees, answer_sets, answer_values)
def test_evaluating_a_parsed_expression_never_raises(tree, answers, current):
    assert evaluate(parse(to_text(tree)), answers, current) in (True, False)


@given(st.text(max_size=40))
def test_any_text_either_parses_or_is_refused_with_an_expression_error(text):
    try:
        tree = parse(text)
    except ExpressionError as err:
        assert str(err)
    else:
        assert parse(to_text(tree)) == tree


@given(st.sampled_from(("and", "or")), trees, trees)
def test_canonical_text_ignores_spacing(joiner, left, right):
    text = f"({to_text(left)})   {joiner}\n(  {to_text(right)} )"
    assert canonical(text) == canonical(f"({to_text(left)}) {joiner} ({to_text(right)})")


def test_precedence_is_xpaths_and_binds_tighter_than_or():
    a, b, c = "${knows} = '1'", "${times} > 2", "selected(${places}, '3')"
    assert parse(f"{a} or {b} and {c}") == Or((parse(a), And((parse(b), parse(c)))))
    assert canonical(f"({a} or {b}) and not({c})") == f"({a} or {b}) and not({c})"
    assert canonical(f"(({a}))") == a
    assert canonical('${why}="x"') == "${why} = 'x'"
    assert canonical(". >= 01.50") == ". >= 1.5"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "${knows}",
        "${times} + 1 > 2",
        "count-selected(${places}) > 1",
        "string-length(.) < 10",
        "${knows} = ${times}",
        "1 = ${knows}",
        "if(${knows} = '1', true(), false())",
        "__import__('os').system('id')",
        "${knows} = '1' AND ${times} > 2",
        "${knows} = '1' and",
        "not ${knows} = '1'",
        "selected(${places}, 3)",
        "${knows} = '1')",
        "${knows} == '1'",
        "${a b} = '1'",
        "${knows} = '1' ; drop table answers",
        ". > .5",
    ],
)
def test_anything_outside_the_subset_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text)


def test_refusals_say_where_and_what():
    with pytest.raises(ExpressionError, match="'count-selected' at character 1 is not supported"):
        parse("count-selected(${places}) > 1")
    with pytest.raises(ExpressionError, match="unexpected '\\+' at character 10"):
        parse("${times} + 1 > 2")


def test_check_names_unknown_later_and_unanswerable_references():
    earlier = {**POLL, "note_1": Answerable("note")}
    assert check(parse("${foo} = '1'"), earlier) == ["unknown question ${foo}"]
    assert check(parse("${after} = '1'"), earlier, later=frozenset({"after"})) == [
        "${after} is not asked before this question"
    ]
    assert check(parse("${note_1} = ''"), earlier) == ["${note_1} is a note and has no answer"]
    assert check(parse(". > 1"), earlier) == [
        "'.' means this question's answer and only fits a constraint"
    ]


def test_check_fits_each_comparison_to_its_question_type():
    fine = [
        "${knows} = '2'",
        "${knows} != 3",
        "${knows} <= 2",
        "${knows} = ''",
        "selected(${knows}, '1')",
        "selected(${places}, '5')",
        "${places} != ''",
        "${times} >= 18 and ${times} < 120.5",
        "${why} != ''",
        "${why} = 'none'",
    ]
    for text in fine:
        assert check(parse(text), POLL) == [], text
    assert check(parse("${knows} = '9'"), POLL) == ["'9' is not a code of ${knows} (codes 1 2 3)"]
    assert check(parse("selected(${places}, '7')"), POLL) == [
        "'7' is not a code of ${places} (codes 1 2 3 4 5)"
    ]
    assert "use selected(${places}, 'code')" in check(parse("${places} = '1'"), POLL)[0]
    assert "number answer" in check(parse("${times} = '3'"), POLL)[0]
    assert "text answer" in check(parse("${why} > 3"), POLL)[0]
    assert "needs a select question" in check(parse("selected(${times}, '1')"), POLL)[0]
    current = Answerable("integer")
    assert check(parse(". >= 0 and . <= 50"), POLL, current=current) == []


def test_check_reports_every_problem_at_once():
    problems = check(parse("${foo} = '1' or ${knows} = '7' or selected(${times}, '1')"), POLL)
    assert len(problems) == 3


def test_evaluation_follows_the_answers_given():
    relevant = parse("${knows} = '1' and not(selected(${places}, '5'))")
    assert evaluate(relevant, {"knows": 1, "places": frozenset({1, 2})})
    assert not evaluate(relevant, {"knows": 1, "places": frozenset({5})})
    assert not evaluate(relevant, {"knows": 2})
    assert not evaluate(relevant, {})
    constraint = parse(". >= 0 and . <= 50")
    assert evaluate(constraint, {}, current=50)
    assert not evaluate(constraint, {}, current=51)
    assert not evaluate(constraint, {}, current=None)


def test_unanswered_is_the_empty_string_and_not_a_number():
    assert evaluate(parse("${why} = ''"), {"why": None})
    assert evaluate(parse("${why} != ''"), {"why": "busy"})
    assert evaluate(parse("${times} != 3"), {})  # NaN != 3 is true in XPath
    assert not evaluate(parse("${times} < 3"), {})
    assert not evaluate(parse("${times} >= 3"), {})
    assert evaluate(parse("${knows} <= 2"), {"knows": 2})
    assert evaluate(parse("${times} > 2.5"), {"times": 3})
    assert Decimal("2.5") == parse("${times} > 2.5").right.value


def test_numbers_are_ascii_digits_as_in_xpath():
    with pytest.raises(ExpressionError):
        parse("${times} > ٣")


@given(trees)
def test_every_reference_outside_the_poll_is_named_at_validation(tree):
    known = {"knows": POLL["knows"]}  # every other name of NAMES is unknown here
    problems = check(tree, known, current=None)
    named = {p for p in problems if p.startswith("unknown question")}
    unknown = {
        "unknown question ${" + ref.name + "}"
        for ref in references(tree)
        if isinstance(ref, Ref) and ref.name not in known
    }
    assert named == unknown
    if any(isinstance(ref, Current) for ref in references(tree)):
        assert "'.' means this question's answer and only fits a constraint" in problems
