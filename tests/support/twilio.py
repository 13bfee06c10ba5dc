"""Talking to the webhooks as Twilio does: signed form posts and a resident with a phone.

Requests are signed with Twilio's own ``RequestValidator.compute_signature`` over
PUBLIC_BASE_URL + path, exactly what the app validates; nothing is stubbed.
"""

from __future__ import annotations

import itertools
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

from tests.support.settings import PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN

MESSAGES_PATH = "/webhooks/twilio/messages"
STATUS_PATH = "/webhooks/twilio/status"
BOT_SMS_NUMBER = "+9647800000001"
BOT_WHATSAPP_NUMBER = "whatsapp:+14155238886"


def sign(
    path: str,
    form: Mapping[str, str],
    *,
    token: str = TWILIO_AUTH_TOKEN,
    base_url: str = PUBLIC_BASE_URL,
) -> str:
    """The X-Twilio-Signature Twilio would send for ``form`` posted to ``base_url + path``."""
    return RequestValidator(token).compute_signature(base_url + path, dict(form))


def post_signed(
    client: Any,
    path: str,
    form: Mapping[str, str],
    *,
    token: str = TWILIO_AUTH_TOKEN,
    base_url: str = PUBLIC_BASE_URL,
    signature: str | None = None,
) -> Any:
    """POST ``form`` to ``path`` (which may carry a query string), signed like Twilio."""
    if signature is None:
        signature = sign(path, form, token=token, base_url=base_url)
    return client.post(path, data=dict(form), headers={"X-Twilio-Signature": signature})


def load_form(fixtures_dir: Path, name: str) -> dict[str, str]:
    """A Twilio payload from the shared fixtures, e.g. ``inbound_whatsapp_text``."""
    return json.loads((fixtures_dir / f"{name}.json").read_text(encoding="utf-8"))


def twiml_replies(xml_text: str) -> list[str]:
    """The texts of the ``<Message>`` elements of a TwiML answer, in order."""
    root = ET.fromstring(xml_text)
    assert root.tag == "Response", xml_text
    return ["".join(message.itertext()) for message in root if message.tag == "Message"]


def new_message_sid() -> str:
    return "SM" + uuid.uuid4().hex


class Phone:
    """A resident's phone: ``send("2")`` posts a signed inbound message and returns the replies."""

    _counter = itertools.count(1)

    def __init__(self, client: Any, phone: str = "+9647701234567", channel: str = "whatsapp"):
        self.client = client
        self.phone = phone
        self.channel = channel
        self.last_response: Any = None

    def form(self, body: str = "", **extra: str) -> dict[str, str]:
        """The inbound form Twilio would post for this resident (fields override the defaults)."""
        sid = new_message_sid()
        whatsapp = self.channel == "whatsapp"
        form = {
            "MessageSid": sid,
            "SmsMessageSid": sid,
            "SmsSid": sid,
            "AccountSid": TWILIO_ACCOUNT_SID,
            "From": f"whatsapp:{self.phone}" if whatsapp else self.phone,
            "To": BOT_WHATSAPP_NUMBER if whatsapp else BOT_SMS_NUMBER,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }
        if whatsapp:
            form.update(WaId=self.phone.lstrip("+"), ProfileName="Resident", MessageType="text")
        form.update(extra)
        return form

    def post(self, form: Mapping[str, str]) -> list[str]:
        """Post a prepared form (e.g. to send the same MessageSid twice); the reply texts."""
        response = post_signed(self.client, MESSAGES_PATH, form)
        self.last_response = response
        assert response.status_code == 200, (response.status_code, response.get_data(as_text=True))
        return twiml_replies(response.get_data(as_text=True))

    def send(self, body: str, **extra: str) -> list[str]:
        """Send ``body`` as this resident; the texts the bot answers in TwiML."""
        return self.post(self.form(body, **extra))

    def tap(self, payload: str, text: str = "") -> list[str]:
        """Tap a WhatsApp quick-reply button carrying ``payload``."""
        return self.send(
            text or payload, ButtonPayload=payload, ButtonText=text or payload, MessageType="button"
        )
