"""Taps posted by Twilio answer the current poll question; a stale tap is asked again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from feedback_bot.db import utcnow
from feedback_bot.models import Answer
from feedback_bot.services.demo import seed_demo
from tests.support.twilio import Phone, new_message_sid

REPO_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "twilio"
SAFE_AFTER_DARK_AR = "ما مدى شعورك بالأمان وأنت تمشي وحدك في منطقتك ليلا؟"
HINT_1_TO_5_AR = "يرجى الرد برقم واحد من 1 إلى 5."


@pytest.fixture
def phone(client, runtime):
    """An Arabic WhatsApp resident who has answered trust_police and is asked safe_after_dark."""
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
    phone = Phone(client, phone="+9647501234567", channel="whatsapp")
    for message in ("استبيان", "1", "bgd-01", "2", "4"):
        phone.send(message)
    [question] = phone.send("2")
    assert question.startswith(SAFE_AFTER_DARK_AR)
    return phone


def fixture(name: str) -> dict[str, str]:
    form = json.loads((REPO_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    sid = new_message_sid()
    return {**form, "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid}


def answers(runtime) -> list[tuple[str, int | None]]:
    with runtime.transaction() as session:
        rows = session.execute(
            select(Answer.question_id, Answer.answer_code).order_by(Answer.id)
        ).all()
    return [tuple(row) for row in rows]


def test_a_list_picker_tap_answers_the_question_with_its_item(phone, runtime):
    [next_question] = phone.post(fixture("inbound_whatsapp_list_reply"))
    assert not next_question.startswith(SAFE_AFTER_DARK_AR)
    assert answers(runtime) == [("trust_police", 2), ("safe_after_dark", 3)]


def test_a_stale_tap_is_handled_like_a_typed_answer_and_records_nothing(phone, runtime):
    stale = {**fixture("inbound_whatsapp_button_tap"), "ButtonPayload": "trust_police:1"}
    stale.update(Body="ثقة كبيرة جدا", ButtonText="ثقة كبيرة جدا")
    replies = phone.post(stale)
    assert HINT_1_TO_5_AR in replies and replies[-1].startswith(SAFE_AFTER_DARK_AR), replies
    assert answers(runtime) == [("trust_police", 2)]
    # Typing (or tapping) a number for the current question still works afterwards.
    phone.send("5")
    assert answers(runtime) == [("trust_police", 2), ("safe_after_dark", 5)]
