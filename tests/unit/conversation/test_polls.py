"""Polls are versioned data: exact question ids and codes (the codebook), translated texts."""

import pytest

from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import all_polls, available, load_poll, option_label, question_text


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


def test_trust_v2_keeps_the_ids_codes_and_english_of_v1():
    v1, v2 = load_poll("trust", 1), load_poll("trust", 2)
    assert codebook(v2) == codebook(v1)
    assert [q.text for q in v2.questions] == [q.text for q in v1.questions]
    assert [(q.optional, q.skip) for q in v2.questions] == [
        (q.optional, q.skip) for q in v1.questions
    ]


def test_each_version_of_trust_keeps_its_own_wording():
    v1, v2 = load_poll("trust", 1), load_poll("trust", 2)
    old, new = v1.question("report_crime"), v2.question("report_crime")
    assert question_text("kmr", old, station="X") == (
        "Ger bibî qurbaniyê sûcekî, çiqas ji polîsên X re dibêjî?"
    )
    assert question_text("kmr", new, station="X") == (
        "Ger bibî qurbaniya sûcekî, îhtîmal çiqas e ku ji X re ragihînî?"
    )
    respect_v1 = v1.question("police_respect")
    respect_v2 = v2.question("police_respect")
    assert [option_label("kmr", respect_v1, o) for o in respect_v1.options] == [
        "pir caran", "gelek caran", "ne gelek caran", "qet",
    ]  # fmt: skip
    assert [option_label("kmr", respect_v2, o) for o in respect_v2.options] == [
        "bi piranî", "gelek caran", "kêm caran", "tu carî",
    ]  # fmt: skip
    # English is one source for both versions.
    assert question_text("en", new, station="X") == question_text("en", old, station="X")


def test_every_poll_version_is_found_from_its_file_name():
    assert available() == {"open_day": (1,), "trust": (1, 2)}
    assert load_poll("trust").version == 2  # the latest by default
    with pytest.raises(KeyError):
        load_poll("trust", 3)
    with pytest.raises(KeyError):
        load_poll("census")


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_poll_text_is_translated(language):
    for poll in all_polls():
        for question in poll.questions:
            text = question_text(language, question, station="X")
            assert text != question.text % {"station": "X"}, (language, question.id)
            for option in question.options:
                label = option_label(language, question, option)
                assert label != option.label or label[0].isdigit(), (language, option.label)
