"""A new resident's way in: language, consent, station, profile, then the poll."""

from feedback_bot.conversation import prompts
from tests.support.conversation_world import World


def onboard(world: World, language_choice: str = "4", station: str = "2") -> list[str]:
    world.send("hello")
    world.send(language_choice)
    world.send("1")  # consent
    world.send(station)
    world.send("2")  # a man
    return world.send("3")  # 30-44


def test_a_first_message_gets_the_language_menu_with_numbered_options():
    world = World()
    [menu] = world.send("hello")
    assert "1 العربية" in menu
    assert "2 کوردی سۆرانی" in menu
    assert "3 Kurdî Kurmancî" in menu
    assert "4 English" in menu
    assert "اختر اللغة" in menu and "Choose a language" in menu


def test_choosing_a_language_asks_for_consent_in_that_language():
    world = World()
    world.send("مرحبا")
    notice, consent = world.send("١")
    assert world.resident.language == "ar"
    assert notice.startswith("استبيان عن الأمان والشرطة.") and "/privacy?lang=ar" in notice
    assert "طوعي" in consent and "«توقف»" in consent
    assert consent.endswith("1 أوافق\n2 لا")


def test_a_localised_keyword_as_first_message_skips_the_language_menu():
    for word, language in (("استبيان", "ar"), ("ڕاپرسی", "ckb"), ("anket", "kmr"), ("POLL", "en")):
        world = World()
        notice, consent = world.send(word)
        assert world.resident.language == language
        assert notice == prompts.consent_notice(language, "")
        assert consent == prompts.consent(language)


def test_declining_consent_says_goodbye_and_forgets_the_resident():
    world = World()
    world.send("hi")
    world.send("4")
    [goodbye] = world.send("2")
    assert "Goodbye" in goodbye
    assert not world.exists
    assert world.state == {}
    assert world.responses == []


def test_station_menu_lists_stations_in_import_order():
    world = World()
    world.send("hi")
    world.send("4")
    [menu] = world.send("1")
    assert menu.splitlines()[1:] == ["1 Ramadi", "2 Karrada", "3 Ashar"]
    world.send("3")
    assert world.resident.station_id == 3


def test_a_station_code_as_first_message_skips_the_station_menu():
    world = World()
    world.send("bgd-01")
    world.send("4")
    [profile] = world.send("1")
    assert world.resident.station_id == 2
    assert profile.startswith("Are you:")


def test_profile_is_stored_and_the_poll_starts():
    world = World()
    [first_question] = onboard(world)
    assert (world.gender, world.age_band) == (2, 3)
    assert first_question.startswith("How much do you trust the police at Karrada?")
    assert world.responses[0]["poll_id"] == "trust" and world.responses[0]["wave"] == 1


def test_an_under_18_is_told_goodbye_and_nothing_is_kept():
    world = World()
    for message in ("hi", "4", "1", "2", "1"):
        world.send(message)
    [goodbye] = world.send("1")
    assert "adults only" in goodbye
    assert not world.exists
    assert world.gender is None and world.responses == []


def test_profile_is_asked_once_per_resident():
    world = World(language="en", consented=True, station_id=1, profile_known=True)
    [question] = world.send("POLL")
    assert question.startswith("How much do you trust the police at Ramadi?")


def test_a_reply_that_does_not_fit_the_menu_repeats_it_with_a_hint():
    world = World()
    world.send("hi")
    world.send("4")
    hint, consent = world.send("maybe")
    assert hint == "Please reply with one number from 1 to 2."
    assert consent.endswith("1 I agree\n2 No")


def test_language_keyword_changes_language_and_returns_to_the_question():
    world = World()
    onboard(world)
    [menu] = world.send("LANG")
    assert "1 العربية" in menu
    [question] = world.send("1")
    assert world.resident.language == "ar"
    assert question.startswith("ما مدى ثقتك بالشرطة في الكرادة؟")


def test_yes_and_no_words_answer_the_consent_in_any_language():
    for yes in ("نعم", "بەڵێ", "erê", "Yes", "ايه"):
        world = World()
        world.send("POLL")
        [stations] = world.send(yes)
        assert world.resident.consented, yes
        assert stations.startswith("Which police station")
    world = World()
    world.send("استبيان")
    world.send("لا")
    assert not world.exists


def test_profile_options_can_be_typed_as_words():
    world = World(language="kmr", consented=True, station_id=2)
    world.send("anket")
    world.send("jin")
    world.send("30-44")
    assert (world.gender, world.age_band) == (1, 3)
