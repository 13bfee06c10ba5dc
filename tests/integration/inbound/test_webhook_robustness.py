"""No form Twilio (or anyone holding the token) can post makes the webhook answer 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.twilio import MESSAGES_PATH, STATUS_PATH, new_message_sid, post_signed

# Printable and hostile text alike: emoji, RTL marks, NUL, Arabic-Indic digits, no surrogates.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40
) | st.sampled_from(
    ["", "\x00", "\u200f٣\u200e", "🙂" * 30, "STOP", "  3. ", "x" * 5000, "مرحبا\x00"]
)
FROM = st.one_of(
    st.sampled_from(
        [
            "+9647701234567",
            "whatsapp:+9647501234567",
            "07701234567",
            "009647701234567",
            "٠٧٧٠١٢٣٤٥٦٧",
            "+14155238886",
            "+447700900123",
            "whatsapp:+33612345678",
            "+1",
            "whatsapp:",
            "",
        ]
    ),
    ANY_TEXT,
)
OPTIONAL_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "Body": ANY_TEXT,
        "NumMedia": st.sampled_from(["0", "1", "10", "-1", "many", ""]),
        "MediaUrl0": ANY_TEXT,
        "Latitude": st.sampled_from(["33.3152", "nan", "inf", "999", "", "north"]),
        "Longitude": st.sampled_from(["44.3661", "-inf", "-999", "", "east"]),
        "ButtonPayload": ANY_TEXT,
        "ButtonText": ANY_TEXT,
        "OptOutType": st.sampled_from(["STOP", "START", "HELP", "stop", ""]),
        "ProfileName": ANY_TEXT,
        "MessageType": st.sampled_from(["text", "image", "location", "button", "sticker"]),
    },
)
EXTRA_FIELDS = st.dictionaries(
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        min_size=1,
        max_size=12,
    ).filter(lambda k: k not in {"From", "MessageSid", "Body"}),
    ANY_TEXT,
    max_size=4,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sender=FROM, fields=OPTIONAL_FIELDS, extra=EXTRA_FIELDS)
def test_no_inbound_form_gives_a_server_error(client, sender, fields, extra):
    form = {**extra, **fields, "From": sender, "MessageSid": new_message_sid()}
    response = post_signed(client, MESSAGES_PATH, form)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 200:
        assert response.get_data(as_text=True).lstrip().startswith("<?xml")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=st.sampled_from(["queued", "sent", "delivered", "read", "failed", "weird", ""]),
    error_code=ANY_TEXT,
    extra=EXTRA_FIELDS,
)
def test_no_status_callback_gives_a_server_error(client, status, error_code, extra):
    form = {
        **extra,
        "MessageSid": new_message_sid(),
        "MessageStatus": status,
        "ErrorCode": error_code,
    }
    response = post_signed(client, STATUS_PATH, form)
    assert response.status_code in (200, 400)


def test_a_form_without_message_sid_is_a_400(client):
    response = post_signed(client, MESSAGES_PATH, {"From": "+9647701234567", "Body": "hi"})
    assert response.status_code == 400
