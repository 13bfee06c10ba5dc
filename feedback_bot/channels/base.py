"""The transport interface: one method, ``send``, whatever carries the message."""

from __future__ import annotations

from typing import Protocol

from feedback_bot.messaging import OutboundMessage, SendResult


class SendError(Exception):
    """A message the provider did not accept.

    ``code`` is the provider's error code (Twilio's 21610, 63018…) and ``status`` the
    HTTP status; both are None for a network error (nothing reached the provider).
    """

    def __init__(self, code: int | None, status: int | None, description: str = "") -> None:
        super().__init__(description or f"send failed (code {code}, HTTP {status})")
        self.code = code
        self.status = status


class Transport(Protocol):
    name: str

    def send(self, message: OutboundMessage) -> SendResult:
        """Hand one message to the provider; raise SendError if it is refused."""
        ...


def mask_phone(e164: str) -> str:
    """Enough of a number to tell two test phones apart, never the whole number."""
    return f"{e164[:4]}…{e164[-2:]}" if len(e164) > 6 else "…"
