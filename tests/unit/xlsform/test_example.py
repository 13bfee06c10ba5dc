"""The worked example form in docs/examples: it imports, matches its script, and fits a phone."""

from __future__ import annotations

import runpy
from pathlib import Path

from feedback_bot.i18n import LANGUAGES
from feedback_bot.sms import MAX_SEGMENTS, measure
from feedback_bot.xlsform import expressions as ex
from feedback_bot.xlsform.reader import read_xlsform

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
FORM = EXAMPLES / "awareness_help.xlsx"
WHATSAPP_BUTTON, WHATSAPP_LIST_ITEM = 20, 24


def script_definition():
    return runpy.run_path(str(EXAMPLES / "awareness_help.py"))["definition"]()


def test_the_committed_form_imports_to_the_definition_its_script_writes():
    poll = read_xlsform(FORM)
    assert poll == script_definition()
    assert poll.id == "awareness_help" and poll.version == 1
    assert [q.type for q in poll.questions] == [
        "select_one",
        "select_multiple",
        "integer",
        "select_one",
        "text",
        "note",
    ]
    assert set(poll.indicators) == {"knows_help", "would_tell"}


def test_which_places_is_asked_only_of_those_who_know_where_help_is():
    poll = read_xlsform(FORM)
    relevant = ex.parse(poll.question("help_places").relevant)
    assert ex.evaluate(relevant, {"knows_help": 1})
    assert not ex.evaluate(relevant, {"knows_help": 2})
    assert not ex.evaluate(relevant, {"knows_help": None})
    constraint = ex.parse(poll.question("info_seen").constraint)
    assert ex.evaluate(constraint, {}, current=0)
    assert not ex.evaluate(constraint, {}, current=100)


def test_every_prompt_fits_two_sms_segments_and_every_option_whatsapp():
    poll = read_xlsform(FORM)
    for question in poll.questions:
        limit = WHATSAPP_BUTTON if len(question.choices) <= 3 else WHATSAPP_LIST_ITEM
        for lang in LANGUAGES:
            lines = [question.label[lang]]
            lines += [f"{c.code} {c.label[lang]}" for c in question.choices]
            assert measure("\n".join(lines)).segments <= MAX_SEGMENTS, (question.id, lang)
            for choice in question.choices:
                assert len(choice.label[lang]) <= limit, (question.id, lang, choice.code)
