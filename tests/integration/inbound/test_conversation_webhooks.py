"""End to end through signed Twilio webhooks: the poll in every language on both channels."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from feedback_bot.db import utcnow
from feedback_bot.models import Answer, Conversation, Followup, Resident, Response, Station
from feedback_bot.services import waves
from feedback_bot.services.demo import seed_demo
from feedback_bot.services.inbound import conversations
from tests.support.twilio import Phone, load_form

LANGUAGE_CHOICE = {"ar": "١", "ckb": "2", "kmr": "3", "en": "4"}
FIRST_QUESTION = {
    "ar": "ما مدى ثقتك بالشرطة في الكرادة؟",
    "ckb": "چەند متمانەت بە پۆلیس لە کەڕادە هەیە؟",
    "kmr": "Tu çiqas ji polîsên li Kerade bawer dikî?",
    "en": "How much do you trust the police at Karrada?",
}
STATION_NAME = {"ar": "الكرادة", "ckb": "کەڕادە", "kmr": "Kerade", "en": "Karrada"}
EXPECTED_ANSWERS = [
    ("comment", None, "Thanks to the night patrol", "answered"),
    ("police_respect", 3, None, "answered"),
    ("report_crime", 1, None, "answered"),
    ("safe_after_dark", 5, None, "answered"),
    ("trust_police", 2, None, "answered"),
    ("women_access", 3, None, "answered"),
]


@pytest.fixture
def demo(runtime):
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])


def stored(runtime):
    with runtime.transaction() as session:
        response = session.scalars(select(Response)).one()
        station = session.get(Station, response.station_id)
        answers = session.execute(
            select(Answer.question_id, Answer.answer_code, Answer.answer_text, Answer.status)
            .where(Answer.response_id == response.id)
            .order_by(Answer.question_id)
        ).all()
        resident = session.scalars(select(Resident)).one()
        return response, station.code, [tuple(a) for a in answers], resident


@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
@pytest.mark.parametrize("language", ["ar", "ckb", "kmr", "en"])
def test_a_resident_takes_the_poll_and_the_answers_are_stored_exactly(
    client, runtime, demo, language, channel
):
    phone = Phone(client, phone="+9647701234567", channel=channel)
    [menu] = phone.send("Salam")
    assert "1 العربية" in menu
    phone.send(LANGUAGE_CHOICE[language])
    [stations] = phone.send("1")  # consent
    assert stations.splitlines()[3].startswith("3 ")
    phone.send("3")  # BGD-01, third in import order
    phone.send("1")  # a woman
    [question] = phone.send("٣")  # 30-44
    assert question.startswith(FIRST_QUESTION[language])
    if channel == "whatsapp":
        phone.tap("trust_police:2", "quite a lot")
        phone.tap("5")
    else:
        phone.send(" 2. ")
        phone.send("۵")
    for answer in ("3", "1", "3"):
        phone.send(answer)
    [thanks] = phone.send("Thanks to the night patrol")
    assert STATION_NAME[language] in thanks  # the next Open Day at their station

    response, station_code, answers, resident = stored(runtime)
    assert (response.poll_id, response.poll_version, response.wave) == ("trust", 2, 1)
    assert (response.channel, response.language, response.status) == (
        channel,
        language,
        "completed",
    )
    assert station_code == "BGD-01"
    assert answers == EXPECTED_ANSWERS
    assert (resident.gender, resident.age_band, resident.language) == (1, 3, language)
    assert resident.consented_at is not None and resident.channel == channel


def test_no_phone_number_is_stored_in_clear(client, runtime, demo):
    Phone(client, phone="+9647701234567").send("hello")
    with runtime.transaction() as session:
        resident = session.scalars(select(Resident)).one()
        assert "7701234567" not in resident.phone_encrypted
        assert "7701234567" not in resident.phone_lookup
        assert runtime.vault.decrypt(resident.phone_encrypted) == "+9647701234567"


def test_declining_consent_leaves_nothing_behind(client, runtime, demo):
    phone = Phone(client, channel="whatsapp")
    phone.send("مرحبا")
    phone.send("1")
    [goodbye] = phone.send("2")
    assert "مع السلامة" in goodbye
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 0
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0


def test_an_under_18_leaves_nothing_behind(client, runtime, demo):
    phone = Phone(client, channel="sms")
    for message in ("POLL", "1", "bgd-01", "2"):
        phone.send(message)
    [goodbye] = phone.send("1")
    assert "adults only" in goodbye
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Resident)) == 0
        assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_whatsapp_stop_opts_out_and_everything_else_gets_an_empty_reply(client, runtime, demo):
    phone = Phone(client, channel="whatsapp")
    phone.send("استبيان")
    [confirmation] = phone.send("STOP")
    assert "ابدأ" in confirmation
    assert phone.send("1") == []
    assert phone.last_response.get_data(as_text=True).count("<Message") == 0
    with runtime.transaction() as session:
        assert session.scalars(select(Resident)).one().opted_out
    [welcome] = phone.send("ابدأ")[:1]
    assert "أهلا بعودتك" in welcome


def test_sms_stop_answered_by_twilio_is_recorded(client, runtime, demo, fixtures_dir):
    phone = Phone(client, channel="sms")
    phone.send("POLL")
    assert phone.send("STOP", OptOutType="STOP") == []
    with runtime.transaction() as session:
        resident = session.scalars(select(Resident)).one()
        assert resident.opted_out and resident.opted_out_at is not None


def test_a_retried_message_sid_records_one_answer(client, runtime, demo):
    phone = Phone(client, channel="whatsapp")
    for message in ("POLL", "1", "bgd01", "2", "3"):
        phone.send(message)
    form = phone.form("2")
    first = phone.post(form)
    again = phone.post(form)
    assert first == again
    with runtime.transaction() as session:
        answers = session.scalars(select(Answer)).all()
        assert [(a.question_id, a.answer_code) for a in answers] == [("trust_police", 2)]


def test_twilio_fixtures_stop_then_an_arabic_digit_gets_nothing(
    client, runtime, demo, fixtures_dir
):
    phone = Phone(client, phone="+9647701234567", channel="sms")
    phone.send("استبيان")
    assert phone.post(load_form(fixtures_dir, "inbound_sms_stop_advanced_optout")) == []
    assert phone.post(load_form(fixtures_dir, "inbound_sms_arabic")) == []
    with runtime.transaction() as session:
        assert session.scalars(select(Resident)).one().opted_out


def test_twilio_fixture_button_tap_accepts_a_wave_invitation(client, runtime, demo, fixtures_dir):
    phone = Phone(client, phone="+9647501234567", channel="whatsapp")
    for message in ("استبيان", "1", "bgd-01", "2", "4", "1", "1", "1", "1", "1", "0"):
        phone.send(message)
    with runtime.transaction() as session:
        resident = session.scalars(select(Resident)).one()
        followup = session.scalars(select(Followup).where(Followup.wave == 2)).one()
        waves.mark_invited(followup, now=utcnow(), open_days=7)
        text = conversations.open_invitation(session, runtime, resident, followup, now=utcnow())
    assert text.endswith("1 نعم\n2 ليس الآن")
    [question] = phone.post(load_form(fixtures_dir, "inbound_whatsapp_button"))
    assert question.startswith("ما مدى ثقتك بالشرطة في الكرادة؟")
    with runtime.transaction() as session:
        wave_two = session.scalars(select(Response).where(Response.wave == 2)).one()
        assert (wave_two.poll_id, wave_two.channel, wave_two.status) == (
            "trust",
            "whatsapp",
            "in_progress",
        )
