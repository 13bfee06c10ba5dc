"""The trust poll: exact ids and codes, hints, three misses, the optional comment, thanks."""

import datetime as dt

from feedback_bot.conversation.context import OpenDayView
from tests.support.conversation_world import NOW, World

QUESTIONS = ["trust_police", "safe_after_dark", "police_respect", "report_crime", "women_access"]


def ready(**extra) -> World:
    return World(language="en", consented=True, station_id=2, profile_known=True, **extra)


def test_answers_are_recorded_with_the_poll_question_ids_and_codes():
    world = ready()
    world.send("POLL")
    for answer in ("1", "٥", " 3. ", "4", "2"):
        world.send(answer)
    [thanks] = world.send("The station is helpful")
    response = world.responses[0]
    assert response["status"] == "completed"
    assert (response["poll_id"], response["poll_version"], response["wave"]) == ("trust", 2, 1)
    assert response["answers"] == {
        "trust_police": ("answered", 1, None),
        "safe_after_dark": ("answered", 5, None),
        "police_respect": ("answered", 3, None),
        "report_crime": ("answered", 4, None),
        "women_access": ("answered", 2, None),
        "comment": ("answered", None, "The station is helpful"),
    }
    assert thanks == "Thank you for your answers!"


def test_every_question_shows_its_numbered_options():
    world = ready()
    [first] = world.send("POLL")
    assert first.splitlines() == [
        "How much do you trust the police at Karrada?",
        "1 a great deal",
        "2 quite a lot",
        "3 not very much",
        "4 not at all",
    ]
    [second] = world.send("2")
    assert second.splitlines()[-1] == "5 I never go out alone at night"


def test_zero_skips_the_comment():
    world = ready()
    world.send("POLL")
    for answer in ("1", "1", "1", "1", "1"):
        world.send(answer)
    world.send("٠")
    assert world.responses[0]["answers"]["comment"] == ("skipped", None, None)
    assert world.responses[0]["status"] == "completed"


def test_a_wrong_answer_repeats_the_question_with_a_hint():
    world = ready()
    world.send("POLL")
    hint, again = world.send("7")
    assert hint == "Please reply with one number from 1 to 4."
    assert again.startswith("How much do you trust the police at Karrada?")
    assert world.responses[0]["answers"] == {}


def test_three_misses_record_the_question_unanswered_and_the_poll_goes_on():
    world = ready()
    world.send("POLL")
    world.send("3ala")
    world.send("yes")
    [next_question] = world.send("9")
    assert world.responses[0]["answers"]["trust_police"] == ("unanswered", None, None)
    assert next_question.startswith("How safe do you feel")


def test_a_quick_reply_tap_counts_as_the_choice_it_carries():
    world = ready(channel="whatsapp")
    world.send("POLL")
    world.send("Quite a lot", payload="trust_police:2")
    world.send("Very safe", payload="1")
    answers = world.responses[0]["answers"]
    assert answers["trust_police"] == ("answered", 2, None)
    assert answers["safe_after_dark"] == ("answered", 1, None)


def test_thanks_name_the_next_open_day_at_the_station():
    world = ready()
    starts = dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)
    world.open_days = {2: (OpenDayView(9, 2, starts, starts + dt.timedelta(hours=3)),)}
    world.send("POLL")
    for answer in ("1", "1", "1", "1", "1"):
        world.send(answer)
    [thanks] = world.send("0")
    assert thanks == (
        "Thank you for your answers! Next Open Day at Karrada: Saturday 5 December 10:00. "
        "Send OPENDAY to register."
    )


def test_a_conversation_resumes_where_it_stopped():
    world = ready()
    world.send("POLL")
    world.send("1")
    [question] = world.send("2", after=dt.timedelta(hours=20))
    assert question.startswith("How often do the police")
    assert world.responses[0]["answers"]["safe_after_dark"] == ("answered", 2, None)


def test_after_24_hours_of_silence_the_poll_expires_and_starts_again():
    world = ready()
    world.send("POLL")
    world.send("1")
    replies = world.send("2", after=dt.timedelta(hours=24, minutes=1))
    assert replies[0] == "Your earlier poll was closed after a day without a reply."
    assert replies[1].startswith("How much do you trust the police")
    assert [r["status"] for r in world.responses] == ["expired", "in_progress"]
    assert world.responses[0]["answers"] == {"trust_police": ("answered", 1, None)}


def test_a_completed_resident_is_not_asked_wave_one_again():
    world = ready(trust_completed=True)
    [reply] = world.send("POLL")
    assert reply.startswith("You have already answered")
    assert world.responses == []


def test_help_mid_poll_explains_keywords_and_repeats_the_question():
    world = ready()
    world.send("POLL")
    help_text, question = world.send("help")
    assert "POLL" in help_text and "OPENDAY" in help_text and "STOP" in help_text
    assert question.startswith("How much do you trust")


def test_arabic_poll_with_eastern_digits():
    world = World(language="ar", consented=True, station_id=1, profile_known=True, now=NOW)
    [question] = world.send("استبيان")
    assert question.startswith("ما مدى ثقتك بالشرطة في الرمادي؟")
    world.send("٢")
    assert world.responses[0]["answers"]["trust_police"] == ("answered", 2, None)


def test_an_answer_typed_as_its_own_words_counts():
    world = World(language="ar", consented=True, station_id=2, profile_known=True)
    world.send("POLL")
    for answer in ("ثقة كبيرة جدا", "1", "1", "1"):
        world.send(answer)
    world.send("نعم")  # women_access: 1 yes
    answers = world.responses[0]["answers"]
    assert answers["trust_police"] == ("answered", 1, None)
    assert answers["women_access"] == ("answered", 1, None)


def test_an_ambiguous_word_is_not_a_choice():
    world = ready()
    world.send("POLL")
    hint, _question = world.send("very")
    assert hint.startswith("Please reply with one number")
