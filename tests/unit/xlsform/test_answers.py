"""Replies read against the worked example's questions, as a resident would type them."""

from __future__ import annotations

import runpy
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from feedback_bot.xlsform.answers import Answer, Miss, is_asked, read_reply

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "awareness_help.py"
POLL = runpy.run_path(str(EXAMPLE))["definition"]()
KNOWS, PLACES, SEEN, TELL, EASIER, NOTE = POLL.questions


def reply(question, normalised, text=None, answers=None):
    return read_reply(question, normalised, text or normalised, answers or {})


def test_a_select_one_takes_one_of_its_codes():
    assert reply(KNOWS, "2") == Answer("answered", 2)
    assert reply(KNOWS, "4") == Miss("not_a_choice")
    assert reply(KNOWS, "1 2") == Miss("not_a_choice")
    assert reply(KNOWS, "yes") == Miss("not_a_choice")
    assert reply(KNOWS, "0") == Miss("not_a_choice")  # required: no skipping
    assert reply(KNOWS, "") == Miss("empty")


def test_a_select_multiple_takes_codes_separated_by_spaces_or_commas():
    assert reply(PLACES, "1 3") == Answer("answered", (1, 3))
    assert reply(PLACES, "3,1") == Answer("answered", (1, 3))
    assert reply(PLACES, "4، 2 ,2") == Answer("answered", (2, 4))
    assert reply(PLACES, "1 9") == Miss("not_a_choice")
    assert reply(PLACES, "1 and 3") == Miss("not_a_choice")


@given(st.lists(st.sampled_from((1, 2, 3, 4)), min_size=1, max_size=6), st.data())
def test_any_arrangement_of_valid_codes_is_the_same_answer(codes, data):
    separators = st.sampled_from((" ", ",", ", ", "،", " , ", ";"))
    text = "".join(
        str(c) + (data.draw(separators) if i < len(codes) - 1 else "") for i, c in enumerate(codes)
    )
    assert reply(PLACES, text) == Answer("answered", tuple(sorted(set(codes))))


@given(st.text(max_size=20))
def test_no_reply_makes_reading_raise(text):
    for question in POLL.questions:
        assert isinstance(reply(question, text), Answer | Miss)


def test_an_integer_is_checked_against_its_constraint():
    assert reply(SEEN, "0") == Answer("answered", 0)  # required integer: 0 is a number
    assert reply(SEEN, "99") == Answer("answered", 99)
    assert reply(SEEN, "100") == Miss("constraint")
    assert reply(SEEN, "two") == Miss("not_a_number")
    assert reply(SEEN, "2.5") == Miss("not_a_number")


def test_free_text_keeps_what_was_typed_and_0_skips_when_not_required():
    assert reply(EASIER, "more female officers", "More female officers ") == Answer(
        "answered", "More female officers"
    )
    assert reply(EASIER, "0") == Answer("skipped")


def test_relevant_decides_whether_a_question_is_asked():
    assert is_asked(PLACES, {"knows_help": 1})
    assert not is_asked(PLACES, {"knows_help": 3})
    assert not is_asked(PLACES, {})
    assert is_asked(SEEN, {})
    assert reply(NOTE, "") == Answer("answered", None)
