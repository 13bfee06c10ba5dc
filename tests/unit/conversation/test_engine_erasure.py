"""The erase keyword: in any language, at any point, confirmed before anything is erased."""

import pytest

from feedback_bot.conversation import keywords
from feedback_bot.conversation.normalise import normalise
from tests.support.conversation_world import World

CONFIRM_EN = (
    "Erase all we hold about you (answers, Open Day places, your number)? "
    "This cannot be undone.\n1 erase everything\n2 keep"
)
ERASED_EN = "Everything we held about you has been erased. Thank you, goodbye."


def in_poll(language: str = "en") -> World:
    world = World(language=language, consented=True, station_id=2, profile_known=True)
    world.send("POLL")
    return world


@pytest.mark.parametrize(
    "word",
    ["DELETE", "erase", "Delete my data", "forget me", "احذف", "امسح", "احذف بياناتي",
     "سڕینەوە", "سرینەوە", "بیسڕەوە", "JÊ BIBE", "jêbibe", "jêbirin"],
)  # fmt: skip
def test_the_erase_keyword_is_known_in_every_language(word):
    assert keywords.match(normalise(word)).intent == keywords.ERASE


def test_every_language_has_its_own_erase_word():
    assert {keywords.first_word(keywords.ERASE, lang) for lang in ("ar", "ckb", "kmr", "en")} == {
        "احذف", "سڕینەوە", "JÊBIBE", "DELETE",
    }  # fmt: skip


def test_erasure_is_asked_to_be_confirmed_then_done():
    world = in_poll()
    assert world.send("DELETE") == [CONFIRM_EN]
    assert world.exists
    assert world.send("1") == [ERASED_EN]
    assert not world.exists and world.erasure_requested


@pytest.mark.parametrize(
    ("language", "word", "confirm_start", "erased"),
    [
        ("ar", "امسح", "هل نحذف كل ما لدينا عنك", "حذفنا كل ما كان لدينا عنك. شكرا لك، مع السلامة."),
        ("ckb", "بیسڕەوە", "هەموو ئەوەی لەسەرت هەمانە بسڕینەوە", "هەموو ئەوەی لەسەرت هەمانبوو سڕایەوە. سوپاس، خوات لەگەڵ."),
        ("kmr", "jê bibe", "Em her tiştê li ser te heye jê bibin", "Her tiştê me li ser te hebû hate jêbirin. Spas, bi xatirê te."),
        ("en", "ERASE", "Erase all we hold about you", ERASED_EN),
    ],
)  # fmt: skip
def test_the_confirmation_and_the_goodbye_come_in_the_residents_language(
    language, word, confirm_start, erased
):
    world = in_poll(language)
    [confirmation] = world.send(word)
    assert confirmation.startswith(confirm_start)
    assert confirmation.endswith("\n2 " + confirmation.rsplit("\n2 ", 1)[1])
    assert "\n1 " in confirmation
    assert world.send("١" if language == "ar" else "1") == [erased]
    assert not world.exists


def test_keep_erases_nothing_and_goes_back_to_the_question():
    world = in_poll()
    world.send("DELETE")
    kept, question = world.send("2")
    assert kept == "Nothing was erased."
    assert question.startswith("How much do you trust the police at Karrada?")
    assert world.exists
    world.send("1")  # now answers the question, not the confirmation
    assert world.exists
    assert world.responses[0]["answers"]["trust_police"] == ("answered", 1, None)


def test_three_replies_that_are_not_a_choice_keep_everything():
    world = in_poll()
    world.send("DELETE")
    for _ in range(2):
        hint, again = world.send("maybe")
        assert hint == "Please reply with one number from 1 to 2." and again == CONFIRM_EN
    kept, question = world.send("maybe")
    assert kept == "Nothing was erased." and question.startswith("How much do you trust")
    assert world.exists


def test_yes_confirms_and_no_keeps():
    world = in_poll()
    world.send("DELETE")
    assert world.send("no")[0] == "Nothing was erased."
    world.send("DELETE")
    assert world.send("yes") == [ERASED_EN]
    assert not world.exists


def test_keep_leaves_an_idle_resident_idle():
    world = World(
        language="en", consented=True, station_id=2, profile_known=True, trust_completed=True
    )
    assert world.send("DELETE") == [CONFIRM_EN]
    assert world.send("2") == ["Nothing was erased."]
    assert world.state.get("step") is None
    assert world.send("2") == [world.send("HELP")[0]]  # not read as a choice any more


def test_an_opted_out_resident_is_erased_at_once_and_hears_nothing():
    world = in_poll()
    world.send("STOP")
    assert world.send("DELETE") == []
    assert not world.exists and world.erasure_requested


def test_a_first_message_asking_for_erasure_keeps_nothing():
    world = World()
    assert world.send("امسح بياناتي") == ["حذفنا كل ما كان لدينا عنك. شكرا لك، مع السلامة."]
    assert not world.exists
    assert not world.erasure_requested  # nothing was held, so there is nothing to audit


def test_erasure_during_onboarding_is_confirmed_too():
    world = World()
    world.send("hello")
    world.send("4")  # English; now asked for consent
    assert world.send("DELETE") == [CONFIRM_EN]
    assert world.send("2")[0] == "Nothing was erased."
    assert world.exists
