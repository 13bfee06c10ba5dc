"""A MessageSid is processed once: Twilio's retries, sequential or concurrent, get the same reply."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from feedback_bot.i18n import translate
from feedback_bot.models import Conversation, ReceivedMessage
from feedback_bot.models import Resident as ResidentRow
from feedback_bot.services.inbound import receiving as inbound
from tests.support.twilio import MESSAGES_PATH, Phone, post_signed, twiml_replies

PHONE = "+9647701234567"


def count(runtime, model) -> int:
    with runtime.transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_redelivered_message_gets_the_same_reply_and_records_nothing_new(client, runtime):
    resident = Phone(client, PHONE, channel="whatsapp")
    form = resident.form("hello")
    first = resident.post(form)
    again = resident.post(form)
    assert again == first
    assert count(runtime, ReceivedMessage) == 1


def test_concurrent_deliveries_of_one_message_are_processed_once(app, runtime):
    form = Phone(app.test_client(), PHONE, channel="whatsapp").form("hello")
    workers = 6
    barrier = threading.Barrier(workers)

    def deliver(_):
        client = app.test_client()
        barrier.wait()
        response = post_signed(client, MESSAGES_PATH, form)
        return response.status_code, twiml_replies(response.get_data(as_text=True))

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(deliver, range(workers)))
    assert {status for status, _ in results} == {200}
    assert len({tuple(replies) for _, replies in results}) == 1
    assert count(runtime, ReceivedMessage) == 1
    assert count(runtime, ResidentRow) == 1
    assert count(runtime, Conversation) == 1


def test_concurrent_first_messages_of_a_new_resident_are_all_answered(app, runtime):
    # Different MessageSids from one new phone at once: both race to create the resident.
    resident = Phone(app.test_client(), PHONE, channel="whatsapp")
    forms = [resident.form("hello") for _ in range(4)]
    barrier = threading.Barrier(len(forms))

    def deliver(form):
        client = app.test_client()
        barrier.wait()
        response = post_signed(client, MESSAGES_PATH, form)
        return response.status_code, twiml_replies(response.get_data(as_text=True))

    with ThreadPoolExecutor(len(forms)) as pool:
        results = list(pool.map(deliver, forms))
    assert all(status == 200 and replies for status, replies in results)
    assert count(runtime, ReceivedMessage) == len(forms)
    assert count(runtime, ResidentRow) == 1


def test_different_messages_are_each_processed(client, runtime):
    resident = Phone(client, PHONE, channel="sms")
    resident.send("one")
    resident.send("two")
    assert count(runtime, ReceivedMessage) == 2


def test_when_the_conversation_fails_the_resident_is_asked_to_resend_and_the_resend_works(
    client, runtime, monkeypatch, caplog
):
    resident = Phone(client, PHONE, channel="whatsapp")
    form = resident.form("hello")

    def broken(session, runtime, message):
        raise RuntimeError(f"boom for {message.phone}")

    monkeypatch.setattr(inbound, "handle_inbound", broken)
    replies = resident.post(form)
    assert replies == [translate(inbound.FALLBACK_LANGUAGE, inbound.SORRY)]
    assert count(runtime, ReceivedMessage) == 0
    assert "RuntimeError" in caplog.text
    assert PHONE not in caplog.text and PHONE.lstrip("+") not in caplog.text

    monkeypatch.undo()
    resent = resident.post(form)  # Twilio's retry of the same MessageSid
    assert resent != replies
    assert count(runtime, ReceivedMessage) == 1
