"""Transports: the Twilio adapter's exact REST request (mocked at HTTP only), console and fake."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import pytest
import requests
import responses

from feedback_bot.channels.base import SendError
from feedback_bot.channels.console import ConsoleTransport
from feedback_bot.channels.fake import FakeTransport
from feedback_bot.channels.twilio import TwilioTransport
from feedback_bot.messaging import OutboundMessage
from tests.support.settings import PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN

MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages.json"
SERVICE_SID = "MG00000000000000000000000000000002"
CONFIG = {
    "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
    "TWILIO_MESSAGING_SERVICE_SID": SERVICE_SID,
    "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
    "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
}
STATUS_CALLBACK = "https://bot.example.org/webhooks/twilio/status"
PHONE = "+9647701234567"


@pytest.fixture
def twilio_api(fixtures_dir):
    with responses.RequestsMock() as mock:
        mock.created_body = (fixtures_dir / "rest_create_201.json").read_text()
        yield mock


def sent_form(mock) -> dict[str, str]:
    assert len(mock.calls) == 1
    body = mock.calls[0].request.body
    body = body.decode() if isinstance(body, bytes) else body
    return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}


def test_sms_goes_through_the_messaging_service_with_body_callback_and_validity(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body=twilio_api.created_body, status=201)
    result = TwilioTransport(CONFIG).send(OutboundMessage(to=PHONE, channel="sms", body="مرحبا"))
    assert result.provider_sid == "SM0000000000000000000000000000000a"
    assert result.status == "accepted"
    assert sent_form(twilio_api) == {
        "To": PHONE,
        "MessagingServiceSid": SERVICE_SID,
        "Body": "مرحبا",
        "StatusCallback": STATUS_CALLBACK,
        "ValidityPeriod": "3600",
    }
    auth = twilio_api.calls[0].request.headers["Authorization"]
    assert auth.startswith("Basic ")


def test_sms_uses_twilio_sms_from_when_there_is_no_messaging_service(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body=twilio_api.created_body, status=201)
    config = {**CONFIG, "TWILIO_MESSAGING_SERVICE_SID": None, "TWILIO_SMS_FROM": "+9647800000001"}
    TwilioTransport(config).send(OutboundMessage(to=PHONE, channel="sms", body="hi"))
    form = sent_form(twilio_api)
    assert form["From"] == "+9647800000001"
    assert "MessagingServiceSid" not in form


def test_whatsapp_free_text_goes_from_the_whatsapp_sender(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body=twilio_api.created_body, status=201)
    TwilioTransport(CONFIG).send(OutboundMessage(to=PHONE, channel="whatsapp", body="hello"))
    assert sent_form(twilio_api) == {
        "To": f"whatsapp:{PHONE}",
        "From": "whatsapp:+14155238886",
        "Body": "hello",
        "StatusCallback": STATUS_CALLBACK,
        "ValidityPeriod": "3600",
    }


def test_whatsapp_template_sends_content_sid_and_json_variables_without_body(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body=twilio_api.created_body, status=201)
    message = OutboundMessage(
        to=PHONE,
        channel="whatsapp",
        body="ignored free text",
        content_sid="HX00000000000000000000000000000001",
        content_variables={"1": "يوم مفتوح", "2": "BGD-01"},
    )
    TwilioTransport(CONFIG).send(message)
    form = sent_form(twilio_api)
    assert "Body" not in form
    assert form["ContentSid"] == "HX00000000000000000000000000000001"
    assert json.loads(form["ContentVariables"]) == {"1": "يوم مفتوح", "2": "BGD-01"}
    assert form["To"] == f"whatsapp:{PHONE}"
    assert form["StatusCallback"] == STATUS_CALLBACK


def _error_body(code: int, status: int, message: str) -> str:
    return json.dumps({"code": code, "message": message, "status": status})


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (400, "fixture:rest_error_21610", 21610),
        (400, _error_body(21211, 400, "The 'To' number is not a valid phone number."), 21211),
        (429, _error_body(63018, 429, "Rate limit exceeded"), 63018),
        (500, _error_body(20500, 500, "Internal Server Error"), 20500),
    ],
)
def test_twilio_errors_come_back_as_send_errors_with_code_and_status(
    twilio_api, fixtures_dir, status, body, code
):
    if body.startswith("fixture:"):
        body = (fixtures_dir / f"{body.removeprefix('fixture:')}.json").read_text()
    twilio_api.add(responses.POST, MESSAGES_URL, body=body, status=status)
    with pytest.raises(SendError) as raised:
        TwilioTransport(CONFIG).send(OutboundMessage(to=PHONE, channel="sms", body="hi"))
    assert (raised.value.code, raised.value.status) == (code, status)


def test_a_bare_500_without_a_json_body_is_a_send_error_with_status_500(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body="Service Unavailable", status=500)
    with pytest.raises(SendError) as raised:
        TwilioTransport(CONFIG).send(OutboundMessage(to=PHONE, channel="sms", body="hi"))
    assert raised.value.status == 500


def test_a_network_error_is_a_send_error_without_code_or_status(twilio_api):
    twilio_api.add(responses.POST, MESSAGES_URL, body=requests.ConnectionError("reset"))
    with pytest.raises(SendError) as raised:
        TwilioTransport(CONFIG).send(OutboundMessage(to=PHONE, channel="sms", body="hi"))
    assert (raised.value.code, raised.value.status) == (None, None)


def test_whatsapp_without_a_whatsapp_sender_fails_before_any_request(twilio_api):
    config = {**CONFIG, "TWILIO_WHATSAPP_FROM": None}
    with pytest.raises(SendError):
        TwilioTransport(config).send(OutboundMessage(to=PHONE, channel="whatsapp", body="hi"))
    assert len(twilio_api.calls) == 0


def test_console_prints_a_masked_number_and_sends_nothing():
    lines: list[str] = []
    result = ConsoleTransport(echo=lines.append).send(
        OutboundMessage(to=PHONE, channel="sms", body="Reminder: Open Day tomorrow")
    )
    assert result.provider_sid
    assert len(lines) == 1
    assert "Reminder: Open Day tomorrow" in lines[0]
    assert PHONE not in lines[0]
    assert "7701234567" not in lines[0]


def test_fake_records_messages_and_fails_as_told():
    fake = FakeTransport()
    fake.fail_next(21610)
    with pytest.raises(SendError) as raised:
        fake.send(OutboundMessage(to=PHONE, channel="sms", body="one"))
    assert raised.value.code == 21610
    fake.fail_network()
    with pytest.raises(SendError) as raised:
        fake.send(OutboundMessage(to=PHONE, channel="sms", body="two"))
    assert raised.value.status is None
    first = fake.send(OutboundMessage(to=PHONE, channel="sms", body="three"))
    second = fake.send(OutboundMessage(to=PHONE, channel="sms", body="four"))
    assert first.provider_sid != second.provider_sid
    assert [m.body for m in fake.to(PHONE)] == ["three", "four"]


def test_concurrent_sends_each_get_their_own_message_sid(twilio_api):
    # The twilio client keeps each response on itself: threads must not share one.
    in_flight_together = threading.Barrier(4, timeout=30)
    first_four = iter(range(4))

    def created(request):
        if next(first_four, None) is not None:
            in_flight_together.wait()
        body = parse_qs(request.body)["Body"][0]
        return 201, {}, json.dumps({"sid": f"SM{body}", "status": "queued"})

    twilio_api.add_callback(responses.POST, MESSAGES_URL, callback=created)
    transport = TwilioTransport(CONFIG)

    def send(n):
        return transport.send(OutboundMessage(to=PHONE, channel="sms", body=f"{n:032d}"))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(send, range(80)))
    assert [result.provider_sid for result in results] == [f"SM{n:032d}" for n in range(80)]
