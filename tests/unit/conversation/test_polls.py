"""Polls are versioned data: exact question ids and codes (the codebook), translated texts."""

import pytest

from feedback_bot.i18n import LANGUAGES, translate, translate_in
from feedback_bot.polls import all_polls, available, load_poll


def codebook(poll):
    return [(q.id, q.type, [(o.code, o.label) for o in q.options]) for q in poll.questions]


def test_trust_v1_has_the_contracted_ids_and_codes():
    poll = load_poll("trust", 1)
    assert codebook(poll) == [
        ("trust_police", "choice",
         [(1, "a great deal"), (2, "quite a lot"), (3, "not very much"), (4, "not at all")]),
        ("safe_after_dark", "choice",
         [(1, "very safe"), (2, "fairly safe"), (3, "a bit unsafe"), (4, "very unsafe"),
          (5, "I never go out alone at night")]),
        ("police_respect", "choice",
         [(1, "very often"), (2, "often"), (3, "not very often"), (4, "not at all")]),
        ("report_crime", "choice",
         [(1, "very likely"), (2, "fairly likely"), (3, "not very likely"),
          (4, "not at all likely")]),
        ("women_access", "choice", [(1, "yes"), (2, "no"), (3, "not sure")]),
        ("comment", "text", []),
    ]  # fmt: skip
    comment = poll.question("comment")
    assert comment.optional and comment.skip == "0"
    assert poll.questions[0].text == "How much do you trust the police at %(station)s?"


def test_open_day_v1_has_the_contracted_ids_and_codes():
    assert codebook(load_poll("open_day", 1)) == [
        ("od_useful", "choice", [(1, "very useful"), (2, "somewhat"), (3, "not really")]),
        ("od_trust_change", "choice",
         [(1, "I trust the police more than before"), (2, "the same"), (3, "less than before")]),
    ]  # fmt: skip


def test_every_poll_version_is_found_from_its_file_name():
    assert available() == {"open_day": (1,), "trust": (1,)}
    assert load_poll("trust").version == 1  # the latest by default
    with pytest.raises(KeyError):
        load_poll("trust", 2)
    with pytest.raises(KeyError):
        load_poll("census")


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_poll_text_is_translated(language):
    for poll in all_polls():
        for question in poll.questions:
            text = translate(language, question.text, station="X")
            assert text != question.text % {"station": "X"}, (language, question.id)
            for option in question.options:
                label = translate_in(language, question.id, option.label)
                assert label != option.label or label[0].isdigit(), (language, option.label)
