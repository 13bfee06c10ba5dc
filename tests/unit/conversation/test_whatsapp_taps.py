"""A WhatsApp tap (quick-reply button or list item) reaches the conversation as its option."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from feedback_bot.channels.twilio_forms import inbound_message
from feedback_bot.conversation.context import Incoming

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
REPO_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "twilio"


def fixture(name: str) -> dict[str, str]:
    return json.loads((REPO_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def incoming(form: dict[str, str]) -> Incoming:
    message = inbound_message(form, received_at=AT)
    return Incoming.from_text(
        message.body, channel=message.channel, button_payload=message.button_payload
    )


def test_a_list_picker_tap_is_the_item_it_carries():
    message = inbound_message(fixture("inbound_whatsapp_list_reply"), received_at=AT)
    assert (message.channel, message.button_payload) == ("whatsapp", "safe_after_dark:3")
    assert incoming(fixture("inbound_whatsapp_list_reply")).choice("safe_after_dark") == 3


def test_a_quick_reply_tap_is_the_button_it_carries():
    tap = incoming(fixture("inbound_whatsapp_button_tap"))
    assert tap.choice("women_access") == 2


def test_a_tap_on_another_question_is_not_a_choice_for_this_one():
    # The tapped label ("a bit unsafe") is read like typed text: no number, no choice.
    assert incoming(fixture("inbound_whatsapp_list_reply")).choice("police_respect") is None
    assert incoming(fixture("inbound_whatsapp_button_tap")).choice("trust_police") is None


def test_button_payload_wins_over_list_id_and_an_empty_list_id_is_no_tap():
    both = {**fixture("inbound_whatsapp_button_tap"), "ListId": "women_access:3"}
    assert inbound_message(both, received_at=AT).button_payload == "women_access:2"
    empty = {**fixture("inbound_whatsapp_list_reply"), "ListId": "  ", "Body": "2"}
    message = inbound_message(empty, received_at=AT)
    assert message.button_payload is None
    assert incoming(empty).choice("safe_after_dark") == 2  # the typed body still counts
