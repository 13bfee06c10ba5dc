"""The webhook in front of the real conversation: what a resident sees on their phone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from feedback_bot.db import utcnow
from feedback_bot.models import Resident as ResidentRow
from feedback_bot.services.outbox.dispatcher import dispatch_outbox, enqueue
from tests.support.outbox import fake
from tests.support.twilio import Phone, load_form

PHONE = "+9647701234567"


def test_a_new_resident_gets_the_language_menu_then_the_consent_question(client):
    resident = Phone(client, PHONE, channel="whatsapp")
    [menu] = resident.send("مرحبا")
    assert "English" in menu and "4" in menu
    notice, consent = resident.send("٤")  # Eastern Arabic digit four: English
    assert "bot.example.org/privacy?lang=en" in notice
    assert consent.endswith("1 I agree\n2 No") and "voluntary" in consent


def test_an_opted_out_resident_gets_an_empty_twiml_response(client):
    resident = Phone(client, PHONE, channel="whatsapp")
    resident.send("hello")
    assert resident.send("STOP")  # WhatsApp has no carrier STOP: the bot confirms
    assert resident.send("hello") == []
    body = resident.last_response.get_data(as_text=True)
    assert "<Message" not in body and "<Response" in body


def test_twilios_advanced_opt_out_stop_is_recorded(client, runtime, fixtures_dir):
    resident = Phone(client, "+9647701234567", channel="sms")
    resident.send("hello")
    resident.post(load_form(fixtures_dir, "inbound_sms_stop_advanced_optout"))
    with runtime.transaction() as session:
        assert session.scalars(select(ResidentRow)).one().opted_out is True


def test_a_whatsapp_message_opens_the_24_hour_window_for_free_text(client, runtime):
    resident = Phone(client, PHONE, channel="whatsapp")
    resident.send("hello")
    resident.send("4")
    resident.send("1")  # consent
    now = utcnow()
    with runtime.transaction() as session:
        row = session.scalars(select(ResidentRow)).one()
        enqueue(
            session,
            key="followup:x",
            kind="followup",
            channel="whatsapp",
            to_encrypted=row.phone_encrypted,
            language="en",
            body="Free text inside the window",
            template_name="FOLLOWUP",
            resident_id=row.id,
            now=now,
        )
    dispatch_outbox(runtime, now=now + dt.timedelta(minutes=1))
    [message] = fake(runtime).messages
    assert (message.to, message.body, message.content_sid) == (
        PHONE,
        "Free text inside the window",
        None,
    )
