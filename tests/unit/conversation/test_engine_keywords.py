"""Keywords at any point: opt-out and opt-in, station codes, whatever the resident's language."""

import pytest

from tests.support.conversation_world import World


def in_poll(language: str = "en", channel: str = "whatsapp") -> World:
    world = World(
        language=language, consented=True, station_id=2, profile_known=True, channel=channel
    )
    world.send("POLL")
    return world


@pytest.mark.parametrize("word", ["STOP", "توقف", "إيقاف", "وەستان", "raweste", "unsubscribe"])
def test_opting_out_works_mid_poll_in_any_language(word):
    world = in_poll()
    [confirmation] = world.send(word)
    assert world.resident.opted_out
    assert confirmation == "You will get no more messages. Send START to come back."


def test_an_opted_out_resident_gets_nothing_back_until_opting_in():
    world = in_poll(language="ar")
    world.send("توقف")
    assert world.send("2") == []
    assert world.send("مساعدة") == []
    assert world.send("POLL") == []
    assert world.responses[0]["answers"] == {}
    welcome, question = world.send("ابدأ")
    assert not world.resident.opted_out
    assert welcome == "أهلا بعودتك! ستصلك رسائلنا مجددا."
    assert question.startswith("ما مدى ثقتك")


def test_sms_stop_answered_by_twilio_is_recorded_without_a_second_reply():
    world = in_poll(channel="sms")
    assert world.send("STOP") == []
    assert world.resident.opted_out


def test_advanced_opt_out_type_is_recorded_whatever_the_text():
    world = in_poll(channel="sms")
    assert world.send("stop please", opt_out_type="STOP") == []
    assert world.resident.opted_out
    world.send("START", opt_out_type="START")
    assert not world.resident.opted_out


def test_arabic_stop_on_sms_is_confirmed_because_twilio_does_not_know_it():
    world = in_poll(language="ar", channel="sms")
    [confirmation] = world.send("إيقاف")
    assert confirmation == "لن تصلك رسائل بعد الآن. أرسل «ابدأ» للعودة."


def test_a_new_resident_can_opt_out_before_anything_else():
    world = World()
    [confirmation] = world.send("توقف")
    assert world.resident.opted_out
    assert confirmation.startswith("لن تصلك رسائل")
    assert world.send("hello") == []


def test_keywords_work_whatever_the_residents_language():
    world = in_poll(language="kmr")
    help_text, _question = world.send("مساعدة")
    assert help_text.startswith("Bişîne RAPIRSÎ ji bo rapirsiyê")


def test_a_station_code_mid_conversation_changes_the_station():
    world = World(language="en", consented=True, station_id=2, profile_known=True)
    world.send("POLL")
    world.send("1")
    changed, question = world.send("BSR-01")
    assert world.resident.station_id == 3
    assert changed == "Your police station is now Ashar."
    assert question.startswith("How safe do you feel")


def test_a_keyword_does_not_count_as_an_answer_or_a_miss():
    world = in_poll()
    world.send("help")
    world.send("help")
    world.send("help")
    assert world.responses[0]["answers"] == {}
    assert world.state["misses"] == 0


def test_start_from_someone_who_never_opted_out_carries_on():
    world = World(language="en", consented=True, station_id=2, profile_known=True)
    [question] = world.send("START")
    assert question.startswith("How much do you trust the police at Karrada?")
    [again] = world.send("start")
    assert again == question
