"""POST /webhooks/twilio/messages: signed, parsed to a channel-neutral message, answered in TwiML."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from feedback_bot.models import ReceivedMessage
from tests.support.settings import TWILIO_AUTH_TOKEN
from tests.support.twilio import (
    MESSAGES_PATH,
    Phone,
    load_form,
    post_signed,
    sign,
    twiml_replies,
)

FIXTURES = [
    "inbound_sms_arabic",
    "inbound_sms_stop_advanced_optout",
    "inbound_whatsapp_button",
    "inbound_whatsapp_location",
    "inbound_whatsapp_media",
    "inbound_whatsapp_text",
]


def inbound_count(runtime) -> int:
    with runtime.transaction() as session:
        return session.scalar(select(func.count()).select_from(ReceivedMessage))


@pytest.mark.parametrize("name", FIXTURES)
def test_every_twilio_fixture_is_answered_with_twiml_and_recorded_once(
    client, runtime, fixtures_dir, name
):
    form = load_form(fixtures_dir, name)
    response = post_signed(client, MESSAGES_PATH, form)
    assert response.status_code == 200
    assert response.mimetype in ("application/xml", "text/xml")
    twiml_replies(response.get_data(as_text=True))  # well-formed TwiML
    with runtime.transaction() as session:
        row = session.scalars(select(ReceivedMessage)).one()
    assert row.message_sid == form["MessageSid"]
    assert row.channel == ("whatsapp" if form["From"].startswith("whatsapp:") else "sms")


def test_replies_come_back_as_twiml_messages(client):
    resident = Phone(client, channel="sms")
    replies = resident.send("hello")
    assert replies and all(isinstance(text, str) and text for text in replies)
    assert resident.last_response.get_data(as_text=True).count("<Message>") == len(replies)


@pytest.mark.parametrize(
    "signature_for",
    [
        pytest.param(lambda form: None, id="missing"),
        pytest.param(lambda form: "bm90IGEgc2lnbmF0dXJl", id="garbage"),
        pytest.param(
            lambda form: sign(MESSAGES_PATH, form, token="another-token"), id="wrong-token"
        ),
        pytest.param(
            lambda form: sign(MESSAGES_PATH, form, base_url="http://localhost"), id="wrong-url"
        ),
        pytest.param(lambda form: sign("/webhooks/twilio/status", form), id="wrong-path"),
        pytest.param(
            lambda form: sign(MESSAGES_PATH, {**form, "Body": "something else"}), id="tampered"
        ),
    ],
)
def test_a_request_not_signed_by_twilio_is_refused_and_changes_nothing(
    client, runtime, signature_for
):
    form = Phone(client).form("hello")
    signature = signature_for(form)
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    response = client.post(MESSAGES_PATH, data=form, headers=headers)
    assert response.status_code == 403
    assert inbound_count(runtime) == 0


def test_the_signature_covers_the_query_string(client, runtime):
    form = Phone(client).form("hello")
    path_with_query = MESSAGES_PATH + "?station=BGD-01"
    # Signed for the URL Twilio called (with its query): accepted.
    assert post_signed(client, path_with_query, form).status_code == 200
    # Signed without the query, posted with it: refused.
    other = Phone(client).form("hello")
    response = post_signed(client, path_with_query, other, signature=sign(MESSAGES_PATH, other))
    assert response.status_code == 403
    assert inbound_count(runtime) == 1


def test_signature_is_checked_against_public_base_url_not_the_proxy_facing_url(client):
    # Behind a TLS-terminating proxy Flask sees http://localhost/...; Twilio signed https://bot…
    form = Phone(client).form("hello")
    response = client.post(
        MESSAGES_PATH,
        data=form,
        headers={"X-Twilio-Signature": sign(MESSAGES_PATH, form)},
        base_url="http://10.0.0.5:8000",
    )
    assert response.status_code == 200


@pytest.mark.parametrize("missing", ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"])
def test_without_token_or_public_url_webhooks_refuse_instead_of_crashing(make_app, missing, caplog):
    app = make_app(**{missing: None})
    client = app.test_client()
    form = Phone(client).form("hello")
    for path in (MESSAGES_PATH, "/webhooks/twilio/status"):
        response = client.post(path, data=form, headers={"X-Twilio-Signature": sign(path, form)})
        assert response.status_code == 503
    assert "TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL" in caplog.text
    assert TWILIO_AUTH_TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"From": ""}, "From is required"),
        ({"From": "not a number"}, "From is not a phone number"),
        ({"From": "whatsapp:"}, "From is not a phone number"),
    ],
)
def test_a_message_without_a_usable_from_is_a_400_and_records_nothing(
    client, runtime, change, reason
):
    form = {**Phone(client).form("hello"), **change}
    response = post_signed(client, MESSAGES_PATH, form)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert inbound_count(runtime) == 0


def test_unknown_extra_fields_are_accepted(client, runtime):
    resident = Phone(client)
    resident.send("hello", BrandNewTwilioField="x", AnotherOne="{}")
    assert inbound_count(runtime) == 1
