"""Recording transport for tests: keeps every message, fails on request like Twilio would."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

from feedback_bot.channels.base import SendError
from feedback_bot.messaging import OutboundMessage, SendResult


@dataclass(frozen=True)
class SentMessage:
    provider_sid: str
    message: OutboundMessage


class FakeTransport:
    name = "fake"

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self._failures: list[SendError] = []
        self._lock = threading.Lock()

    def fail_next(self, code: int | None, *, status: int = 400, times: int = 1) -> None:
        """Refuse the next ``times`` sends with Twilio error ``code`` and HTTP ``status``."""
        with self._lock:
            self._failures.extend(SendError(code, status) for _ in range(times))

    def fail_network(self, *, times: int = 1) -> None:
        """The next ``times`` sends never reach the provider (timeout, connection reset)."""
        with self._lock:
            self._failures.extend(SendError(None, None) for _ in range(times))

    def send(self, message: OutboundMessage) -> SendResult:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
            sid = "SM" + uuid.uuid4().hex
            self.sent.append(SentMessage(sid, message))
        return SendResult(provider_sid=sid, status="queued")

    @property
    def messages(self) -> list[OutboundMessage]:
        return [item.message for item in self.sent]

    def to(self, phone: str) -> list[OutboundMessage]:
        return [m for m in self.messages if m.to == phone]
