"""SMS length, counted once for every text the bot sends: GSM-7 or UCS-2, and segments.

Twilio sends a text in GSM-7 when every character is in the GSM 03.38 alphabet (the
extension table costs two septets each), otherwise in UCS-2 (UTF-16 code units, so an emoji
costs two). One segment holds 160 septets or 70 units; a longer text is split into parts of
153 or 67, and carriers never split an escape pair or a surrogate pair across two parts, so
characters are packed greedily. ``polls lint`` and the digest both count with ``measure``.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
# What a resident's message may cost: prompts, invitations, reminders (digests may use 3).
MAX_SEGMENTS = 2


@dataclass(frozen=True)
class SmsSize:
    encoding: str  # "GSM-7" | "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def measure(text: str) -> SmsSize:
    """The encoding Twilio would pick for ``text``, its length in units and its segments."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        costs = [2 if c in GSM_EXTENDED else 1 for c in text]
        single, part, encoding = 160, 153, "GSM-7"
    else:
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
        single, part, encoding = 70, 67, "UCS-2"
    units = sum(costs)
    if units <= single:
        return SmsSize(encoding, units, 1)
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return SmsSize(encoding, units, segments)


def segments(text: str) -> int:
    """How many SMS segments ``text`` costs."""
    return measure(text).segments
