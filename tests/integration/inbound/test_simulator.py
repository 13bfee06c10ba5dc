"""The browser simulator: development only, same path as Twilio's messages, RTL for ar/ckb."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from feedback_bot.db import utcnow
from feedback_bot.models import Answer, ReceivedMessage, Response
from feedback_bot.runtime import get_runtime
from feedback_bot.services.demo import seed_demo


@pytest.fixture
def dev_client(make_app):
    app = make_app(APP_ENV="development")
    runtime = get_runtime(app)
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
    return app.test_client()


def token(page_html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_html).group(1)


def chat(client, csrf: str, text: str, channel: str = "whatsapp") -> dict:
    response = client.post(
        "/simulator/messages",
        data={"text": text, "channel": channel, "csrf_token": csrf},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_simulator_is_not_there_outside_development(client):
    assert client.get("/simulator").status_code == 404
    assert client.post("/simulator/messages", data={"text": "hi"}).status_code == 404


def test_taking_the_poll_in_arabic_in_the_browser(dev_client):
    page = dev_client.get("/simulator").get_data(as_text=True)
    assert 'dir="ltr"' in page
    csrf = token(page)
    assert "1 العربية" in chat(dev_client, csrf, "مرحبا")["replies"][0]
    reply = chat(dev_client, csrf, "١")
    assert (reply["lang"], reply["dir"]) == ("ar", "rtl")
    for text in ("1", "3", "2", "3"):
        reply = chat(dev_client, csrf, text)
    assert reply["replies"][0].startswith("ما مدى ثقتك بالشرطة في الكرادة؟")
    for text in ("1", "2", "3", "4", "1", "0"):
        reply = chat(dev_client, csrf, text)
    assert reply["replies"][0].startswith("شكرا لإجاباتك!")
    page = dev_client.get("/simulator").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "تجربة المحادثة" in page

    runtime = get_runtime(dev_client.application)
    with runtime.transaction() as session:
        response = session.scalars(select(Response)).one()
        assert (response.language, response.channel, response.status) == (
            "ar",
            "whatsapp",
            "completed",
        )
        codes = dict(session.execute(select(Answer.question_id, Answer.answer_code)).all())
        assert codes["trust_police"] == 1 and codes["women_access"] == 1
        # The simulator went through the webhook's own path: every message is logged once.
        assert len(session.scalars(select(ReceivedMessage)).all()) == 12


def test_a_message_without_the_csrf_token_is_refused(dev_client):
    response = dev_client.post("/simulator/messages", data={"text": "hi"})
    assert response.status_code == 400


def test_the_form_works_without_javascript(dev_client):
    csrf = token(dev_client.get("/simulator").get_data(as_text=True))
    response = dev_client.post(
        "/simulator/messages", data={"text": "POLL", "channel": "sms", "csrf_token": csrf}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The Model Police Stations programme asks adults (18+)" in html


def test_new_resident_starts_over(dev_client):
    csrf = token(dev_client.get("/simulator").get_data(as_text=True))
    chat(dev_client, csrf, "POLL")
    dev_client.post("/simulator/restart", data={"csrf_token": csrf})
    assert "1 العربية" in chat(dev_client, csrf, "hello")["replies"][0]
