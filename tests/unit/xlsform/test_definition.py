"""The poll definition: one canonical serialisation, a hash that names the content."""

from __future__ import annotations

import json
import random

import pytest

from feedback_bot.xlsform.definition import (
    Choice,
    DefinitionError,
    Indicator,
    PollDefinition,
    Question,
    Texts,
    fill,
)

YES_NO = (
    Choice(1, Texts(ar="نعم", ckb="بەڵێ", kmr="Erê", en="yes")),
    Choice(2, Texts(ar="لا", ckb="نەخێر", kmr="Na", en="no")),
)


def sample() -> PollDefinition:
    return PollDefinition(
        id="sample",
        version=2,
        title=Texts(en="A sample"),
        questions=(
            Question(
                "knows",
                "select_one",
                Texts(ar="هل تعرف؟", ckb="دەزانیت؟", kmr="Tu dizanî?", en="Do you know {station}?"),
                list_name="yes_no",
                choices=YES_NO,
                required=True,
                indicator=Indicator("knows", positive=(1,)),
            ),
            Question(
                "times",
                "integer",
                Texts(ar="كم مرة؟", ckb="چەند جار؟", kmr="Çend car?", en="How many times?"),
                relevant="${knows} = '1'",
                constraint=". >= 0 and . <= 50",
            ),
            Question(
                "again",
                "select_one",
                Texts(ar="مرة أخرى؟", ckb="دووبارە؟", kmr="Dîsa?", en="Again?"),
                list_name="yes_no",
                choices=YES_NO,
            ),
        ),
    )


def shuffled(value):
    """The same JSON data with every object's keys in a random order."""
    if isinstance(value, dict):
        items = list(value.items())
        random.Random(len(items)).shuffle(items)
        return {k: shuffled(v) for k, v in items}
    if isinstance(value, list):
        return [shuffled(v) for v in value]
    return value


def test_canonical_json_round_trips_to_an_equal_definition_with_the_same_hash():
    poll = sample()
    again = PollDefinition.from_json(poll.to_json())
    assert again == poll
    assert again.content_hash == poll.content_hash
    assert len(poll.content_hash) == 64


def test_key_order_and_json_whitespace_do_not_change_the_hash():
    poll = sample()
    pretty = json.dumps(shuffled(poll.to_dict()), indent=4, ensure_ascii=True)
    assert PollDefinition.from_json(pretty).content_hash == poll.content_hash


def test_outer_whitespace_and_unicode_composition_of_texts_do_not_change_the_hash():
    spaced = Texts(en="  Do you know?\r\n", kmr="Tu dizan\u0069\u0302?")  # î decomposed
    assert spaced == Texts(en="Do you know?", kmr="Tu dizanî?")


def test_any_change_of_content_changes_the_hash():
    poll = sample()
    data = poll.to_dict()
    data["questions"][0]["label"]["ar"] = "هل تعرف حقا؟"
    assert PollDefinition.from_dict(data).content_hash != poll.content_hash
    data = poll.to_dict()
    data["lists"]["yes_no"][1]["code"] = 3
    assert PollDefinition.from_dict(data).content_hash != poll.content_hash


def test_a_shared_choices_list_is_stored_once_and_given_to_both_questions():
    poll = sample()
    assert list(poll.to_dict()["lists"]) == ["yes_no"]
    assert poll.question("again").choices == poll.question("knows").choices == YES_NO
    assert poll.indicators["knows"][0].id == "knows"


def test_texts_know_which_languages_they_lack():
    assert Texts(en="Hello", ar="مرحبا").missing() == ("ckb", "kmr")
    with pytest.raises(DefinitionError, match="unknown language 'fr'"):
        Texts(fr="Bonjour")


def test_fill_names_the_station_and_nothing_else():
    assert fill("Trust {station}? {other}", station="Karkh") == "Trust Karkh? {other}"


def test_inconsistent_definitions_are_refused():
    with pytest.raises(DefinitionError, match="duplicate question ids"):
        PollDefinition("p", 1, (sample().questions[1], sample().questions[1]))
    with pytest.raises(DefinitionError, match="choices go with select types"):
        Question("q", "select_one", Texts(en="?"))
    with pytest.raises(DefinitionError, match="not a poll definition"):
        PollDefinition.from_dict({"id": "p"})
