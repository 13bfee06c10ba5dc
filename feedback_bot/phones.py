"""Phone numbers: whatever residents and Twilio write, to E.164."""

from __future__ import annotations

import phonenumbers

from feedback_bot.conversation.normalise import fold_digits

DEFAULT_REGION = "IQ"


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of ``raw`` (``whatsapp:`` prefix, 07…, 00964…, Arabic-Indic digits), or None."""
    text = fold_digits(raw or "").strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:") :].strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_form(e164: str) -> str:
    """How Iraqis write the number at home (07…), used to scan exports for leaks."""
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(
        " ", ""
    )
