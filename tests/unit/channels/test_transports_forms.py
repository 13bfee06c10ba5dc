"""What the conversation receives from Twilio's form fields, and when quiet hours end."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback_bot.channels.twilio_forms import FormError, inbound_message, status_update
from feedback_bot.services.outbox.delivery import is_retryable, quiet_hours_end

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def form(**fields: str) -> dict[str, str]:
    return {"MessageSid": "SM00000000000000000000000000000001", "From": "+9647701234567", **fields}


@pytest.mark.parametrize(
    ("sender", "channel", "phone"),
    [
        ("+9647701234567", "sms", "+9647701234567"),
        ("whatsapp:+9647501234567", "whatsapp", "+9647501234567"),
        ("07701234567", "sms", "+9647701234567"),
        ("009647701234567", "sms", "+9647701234567"),
        ("٠٧٧٠١٢٣٤٥٦٧", "sms", "+9647701234567"),
        ("whatsapp:+447700900123", "whatsapp", "+447700900123"),
    ],
)
def test_from_gives_the_channel_and_an_e164_number(sender, channel, phone):
    message = inbound_message(form(From=sender), received_at=AT)
    assert (message.channel, message.phone) == (channel, phone)
    assert message.received_at == AT


@pytest.mark.parametrize("sender", ["", "   ", "hello", "whatsapp:", "+1"])
def test_an_unusable_from_is_a_form_error(sender):
    with pytest.raises(FormError):
        inbound_message(form(From=sender), received_at=AT)


def test_whatsapp_extras_reach_the_conversation():
    message = inbound_message(
        form(
            From="whatsapp:+9647501234567",
            Body="نعم",
            ButtonPayload="trust_police:1",
            NumMedia="1",
            Latitude="33.3152",
            Longitude="44.3661",
            OptOutType="stop",
        ),
        received_at=AT,
    )
    assert message.body == "نعم"
    assert message.button_payload == "trust_police:1"
    assert message.num_media == 1
    assert (message.latitude, message.longitude) == (33.3152, 44.3661)
    assert message.opt_out_type == "STOP"


def test_odd_values_are_dropped_rather_than_failing():
    message = inbound_message(
        form(Body="a\x00b" + "x" * 5000, NumMedia="many", Latitude="nan", Longitude="999"),
        received_at=AT,
    )
    assert message.body.startswith("ab") and "\x00" not in message.body
    assert len(message.body) == 1600
    assert (message.num_media, message.latitude, message.longitude) == (0, None, None)
    assert message.button_payload is None and message.opt_out_type is None


def test_status_update_reads_sid_status_and_error_code():
    update = status_update({"MessageSid": "SM1", "MessageStatus": "Failed", "ErrorCode": "63016"})
    assert (update.provider_sid, update.status, update.error_code) == ("SM1", "failed", "63016")
    with pytest.raises(FormError):
        status_update({"MessageStatus": "sent"})


BAGHDAD = {"QUIET_HOURS": (21 * 60, 9 * 60), "TIMEZONE": "Asia/Baghdad"}


@pytest.mark.parametrize(
    ("utc", "ends"),
    [
        (dt.datetime(2026, 11, 25, 17, 59), None),  # 20:59 local
        (dt.datetime(2026, 11, 25, 18, 0), dt.datetime(2026, 11, 26, 6, 0)),  # 21:00 local
        (dt.datetime(2026, 11, 25, 22, 0), dt.datetime(2026, 11, 26, 6, 0)),  # 01:00 local
        (dt.datetime(2026, 11, 26, 5, 59), dt.datetime(2026, 11, 26, 6, 0)),  # 08:59 local
        (dt.datetime(2026, 11, 26, 6, 0), None),  # 09:00 local
    ],
)
def test_quiet_hours_end_in_local_time(utc, ends):
    result = quiet_hours_end(BAGHDAD, utc.replace(tzinfo=dt.UTC))
    assert result == (ends.replace(tzinfo=dt.UTC) if ends else None)


def test_no_quiet_hours_when_switched_off():
    assert quiet_hours_end({"QUIET_HOURS": None, "TIMEZONE": "Asia/Baghdad"}, AT) is None


@pytest.mark.parametrize(
    ("code", "status", "retry"),
    [
        (None, None, True),
        (20500, 500, True),
        (None, 503, True),
        (63018, 429, True),
        (21611, 400, True),
        (30001, 400, True),
        (21211, 400, False),
        (21614, 400, False),
        (21610, 400, False),
        (63021, 400, False),
    ],
)
def test_which_errors_are_worth_retrying(code, status, retry):
    assert is_retryable(code, status) is retry
