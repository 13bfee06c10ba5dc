"""Today's JSON polls as definitions: same ids, codes and wording, and they survive XLSForm."""

from __future__ import annotations

import pytest

from feedback_bot.i18n import LANGUAGES, translate
from feedback_bot.polls import all_polls, load_poll, option_label, question_text
from feedback_bot.stats import INDICATORS
from feedback_bot.xlsform.definition import DefinitionError, fill
from feedback_bot.xlsform.legacy import from_legacy, legacy_definitions
from feedback_bot.xlsform.reader import read_xlsform
from feedback_bot.xlsform.writer import write_xlsform


@pytest.mark.parametrize("poll", all_polls(), ids=lambda p: f"{p.id}_v{p.version}")
def test_converting_writing_and_reading_gives_the_same_definition(poll, tmp_path):
    definition = from_legacy(poll)
    path = tmp_path / f"{poll.id}.xlsx"
    write_xlsform(definition, path)
    assert read_xlsform(path) == definition


@pytest.mark.parametrize("poll", all_polls(), ids=lambda p: f"{p.id}_v{p.version}")
def test_ids_codes_and_wording_are_what_residents_get_today(poll):
    definition = from_legacy(poll)
    assert (definition.id, definition.version) == (poll.id, poll.version)
    assert [q.id for q in definition.questions] == [q.id for q in poll.questions]
    for old, new in zip(poll.questions, definition.questions, strict=True):
        assert new.codes == tuple(o.code for o in old.options)
        for lang in LANGUAGES:
            sent_today = question_text(lang, old, station="Karkh")
            assert fill(new.label[lang], station="Karkh") == sent_today
            for option in old.options:
                today = option_label(lang, old, option)
                assert new.choice(option.code).label[lang] == today


def test_trust_carries_its_reporting_indicators_as_fb_columns():
    trust = from_legacy(load_poll("trust", 1))
    found = {name: (q.id, ind) for name, (q, ind) in trust.indicators.items()}
    assert set(found) == set(INDICATORS)
    for name, rule in INDICATORS.items():
        question_id, indicator = found[name]
        assert question_id == rule.question_id
        assert indicator.positive == rule.positive_codes
    assert found["safe"][1].excluded == (5,)
    assert found["trust"][1].excluded == ()
    comment = trust.question("comment")
    assert comment.type == "text" and not comment.required
    assert all(q.required for q in trust.questions if q.type == "select_one")


def test_every_json_poll_converts():
    assert {(d.id, d.version) for d in legacy_definitions()} >= {("trust", 1), ("open_day", 1)}


def test_a_missing_translation_is_refused_rather_than_shipped_in_english():
    poll = load_poll("open_day", 1)

    def untranslated(lang: str, question) -> str:
        return question.text if lang == "kmr" else translate(lang, question.text)

    with pytest.raises(DefinitionError, match="no kmr translation"):
        from_legacy(poll, translate_text=untranslated)
