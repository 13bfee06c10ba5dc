"""The Open Day keyword, follow-up wave invitations and the post-Open-Day poll."""

import datetime as dt

from feedback_bot.conversation import engine
from feedback_bot.conversation.context import OpenDayView, RegistrationView
from tests.support.conversation_world import NOW, World

DAY1 = OpenDayView(7, 2, NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=3, hours=3))
DAY2 = OpenDayView(8, 2, NOW + dt.timedelta(days=10), NOW + dt.timedelta(days=10, hours=3))


def resident(**extra) -> World:
    world = World(language="en", consented=True, station_id=2, profile_known=True, **extra)
    world.open_days = {2: (DAY1, DAY2)}
    return world


def test_open_day_keyword_lists_upcoming_open_days_and_the_number_registers():
    world = resident()
    [listing] = world.send("OPENDAY")
    assert listing.splitlines() == [
        "Open Days at Karrada. Reply with a number to register:",
        "1 Wednesday 25 November 12:00",
        "2 Wednesday 2 December 12:00",
    ]
    [result] = world.send("2")
    assert world.registered == [8]
    assert result == "registered 8"  # the service renders the code or waitlist place
    assert world.state.get("step") is None


def test_open_day_asks_the_station_first_when_unknown():
    world = World(language="ar", consented=True, profile_known=True)
    world.open_days = {2: (DAY1,)}
    [menu] = world.send("يوم مفتوح")
    assert menu.startswith("أي مركز شرطة")
    [listing] = world.send("2")
    assert listing.startswith("الأيام المفتوحة في الكرادة")


def test_a_new_resident_consents_before_registering():
    world = World()
    world.open_days = {2: (DAY1,)}
    _notice, consent = world.send("OPEN DAY")
    assert world.resident.language == "en"
    assert consent.endswith("1 I agree\n2 No")
    [stations] = world.send("1")
    assert stations.startswith("Which police station")
    [listing] = world.send("2")
    assert listing.splitlines()[1] == "1 Wednesday 25 November 12:00"
    world.send("1")
    assert world.registered == [7]


def test_no_open_day_planned_says_so():
    world = resident()
    world.open_days = {}
    [reply] = world.send("openday")
    assert reply == "No Open Day is planned at Karrada yet. We will tell you when there is one."


def test_a_holder_sees_the_registration_with_keep_and_cancel():
    world = resident()
    world.registration = RegistrationView(31, "K7MX2Q", "registered", DAY1)
    [holder] = world.send("OPENDAY")
    assert holder.splitlines() == [
        "You are registered for the Open Day at Karrada, Wednesday 25 November 12:00 "
        "(code K7MX2Q).",
        "1 keep",
        "2 cancel",
    ]
    [kept] = world.send("1")
    assert kept == "Your place is kept. See you there!"
    assert world.cancelled == []
    world.send("OPENDAY")
    [cancelled] = world.send("2")
    assert cancelled == "Your registration is cancelled."
    assert world.cancelled == [31]


def test_open_day_in_the_middle_of_the_poll_returns_to_the_question():
    world = resident()
    world.send("POLL")
    world.send("1")
    world.send("OPENDAY")
    result, question = world.send("1")
    assert result == "registered 7"
    assert question.startswith("How safe do you feel")
    world.send("2")
    assert world.responses[0]["answers"]["safe_after_dark"] == ("answered", 2, None)


def invite(world: World, followup_id: int = 5, wave: int = 2) -> str:
    outcome = engine.open_invitation(
        world.state, world.context(), followup_id=followup_id, wave=wave
    )
    [text] = world.apply(outcome)
    return text


def test_a_wave_invitation_yes_runs_the_poll_again_with_its_wave_and_no_profile():
    world = resident(trust_completed=True)
    text = invite(world)
    assert text.splitlines() == [
        "Hello again from Karrada! Would you answer our short poll again?",
        "1 yes",
        "2 not now",
    ]
    [question] = world.send("1", after=dt.timedelta(days=2))
    assert question.startswith("How much do you trust the police at Karrada?")
    for answer in ("2", "2", "2", "2", "2"):
        world.send(answer)
    world.send("0")
    response = world.responses[0]
    assert (response["wave"], response["followup_id"], response["status"]) == (2, 5, "completed")
    assert world.waves == [("AcceptWave", 5)]


def test_a_wave_invitation_not_now_declines_it():
    world = resident(trust_completed=True)
    invite(world)
    [reply] = world.send("2")
    assert reply == "No problem. Thank you!"
    assert world.waves == [("DeclineWave", 5)]
    assert world.responses == []


def test_the_open_day_poll_records_its_own_questions():
    world = resident()
    outcome = engine.open_open_day_poll(world.state, world.context(), open_day_id=7, station_id=2)
    [question] = world.apply(outcome)
    assert question.splitlines() == [
        "Was the Open Day at Karrada useful to you?",
        "1 very useful",
        "2 somewhat",
        "3 not really",
    ]
    world.send("1", after=dt.timedelta(hours=30))
    [thanks] = world.send("3")
    response = world.responses[0]
    assert (response["poll_id"], response["open_day_id"], response["status"]) == (
        "open_day",
        7,
        "completed",
    )
    assert response["answers"] == {
        "od_useful": ("answered", 1, None),
        "od_trust_change": ("answered", 3, None),
    }
    assert thanks == "Thank you for your answers!"
