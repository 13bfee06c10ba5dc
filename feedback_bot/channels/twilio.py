"""Twilio transport: Programmable Messaging over the official helper library."""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from feedback_bot.channels.base import SendError
from feedback_bot.messaging import OutboundMessage, SendResult

STATUS_CALLBACK_PATH = "/webhooks/twilio/status"
# Polls and reminders go stale: Twilio drops a message still queued after this many seconds.
VALIDITY_PERIOD_SECONDS = 3600
HTTP_TIMEOUT_SECONDS = 10


class TwilioTransport:
    name = "twilio"

    def __init__(self, config: Mapping[str, Any], client: Client | None = None) -> None:
        """``client``, if given, serves every send (tests); otherwise one per concurrent send."""
        missing = [k for k in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not config.get(k)]
        if missing:
            raise ValueError(f"MESSAGE_TRANSPORT=twilio needs {', '.join(missing)}.")
        self._shared_client = client
        self._credentials = (config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"])
        self._idle_clients: queue.SimpleQueue[Client] = queue.SimpleQueue()
        self._messaging_service_sid = config.get("TWILIO_MESSAGING_SERVICE_SID")
        self._sms_from = config.get("TWILIO_SMS_FROM")
        self._whatsapp_from = config.get("TWILIO_WHATSAPP_FROM")
        base_url = config.get("PUBLIC_BASE_URL")
        self._status_callback = f"{base_url}{STATUS_CALLBACK_PATH}" if base_url else None

    @contextmanager
    def _client(self) -> Iterator[Client]:
        """A client for this send alone, kept for the next one.

        Concurrent sends never share one: ``TwilioHttpClient.request`` keeps each response
        on the instance and returns it from there, ``requests.Session`` is not documented
        as thread-safe, and one session keeps only ``cpu_count + 4`` HTTPS connections
        alive (more threads would open a new TLS connection per message). So one client,
        with its own keep-alive session, per concurrent send.
        """
        if self._shared_client is not None:
            yield self._shared_client
            return
        try:
            client = self._idle_clients.get_nowait()
        except queue.Empty:
            client = Client(
                *self._credentials, http_client=TwilioHttpClient(timeout=HTTP_TIMEOUT_SECONDS)
            )
        try:
            yield client
        finally:
            self._idle_clients.put(client)

    def _addresses(self, message: OutboundMessage) -> dict[str, str]:
        if message.channel == "whatsapp":
            if not self._whatsapp_from:
                raise SendError(None, None, "TWILIO_WHATSAPP_FROM is not configured")
            sender = self._whatsapp_from
            if not sender.startswith("whatsapp:"):
                sender = f"whatsapp:{sender}"
            return {"to": f"whatsapp:{message.to}", "from_": sender}
        if self._messaging_service_sid:
            return {"to": message.to, "messaging_service_sid": self._messaging_service_sid}
        if self._sms_from:
            return {"to": message.to, "from_": self._sms_from}
        raise SendError(
            None, None, "neither TWILIO_MESSAGING_SERVICE_SID nor TWILIO_SMS_FROM is set"
        )

    def send(self, message: OutboundMessage) -> SendResult:
        arguments: dict[str, Any] = {
            **self._addresses(message),
            "validity_period": VALIDITY_PERIOD_SECONDS,
        }
        if self._status_callback:
            arguments["status_callback"] = self._status_callback
        if message.content_sid:
            arguments["content_sid"] = message.content_sid
            arguments["content_variables"] = json.dumps(
                message.content_variables, ensure_ascii=False
            )
        else:
            arguments["body"] = message.body or ""
        try:
            with self._client() as client:
                created = client.messages.create(**arguments)
        except TwilioRestException as error:
            raise SendError(error.code, error.status, str(error.msg)) from None
        except TwilioException as error:
            raise SendError(getattr(error, "code", None), getattr(error, "status", None)) from None
        except requests.RequestException:
            raise SendError(None, None, "network error talking to Twilio") from None
        return SendResult(provider_sid=created.sid, status=created.status or "queued")
