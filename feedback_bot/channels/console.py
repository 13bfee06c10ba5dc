"""Development transport: prints one line per message and sends nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import click

from feedback_bot.channels.base import mask_phone
from feedback_bot.messaging import OutboundMessage, SendResult


class ConsoleTransport:
    name = "console"

    def __init__(self, echo: Callable[[str], None] = click.echo) -> None:
        self._echo = echo
        self._counter = itertools.count(1)

    def send(self, message: OutboundMessage) -> SendResult:
        sid = f"CONSOLE{next(self._counter):027d}"
        if message.content_sid:
            what = f"template {message.content_sid} {message.content_variables}"
        else:
            what = message.body or ""
        self._echo(f"[{message.channel} → {mask_phone(message.to)}] {what}")
        return SendResult(provider_sid=sid, status="sent")
