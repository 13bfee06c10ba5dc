"""Channels: how messages reach residents (Twilio, console, a fake for tests).

The transport named by MESSAGE_TRANSPORT is built once per app, on first use (no
network at start-up), and reached from the app or from its runtime (jobs get only
the runtime).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from feedback_bot.channels.base import SendError, Transport
from feedback_bot.channels.console import ConsoleTransport
from feedback_bot.channels.fake import FakeTransport
from feedback_bot.runtime import Runtime, get_runtime

__all__ = ["SendError", "Transport", "get_transport", "transport_for"]

EXTENSION_KEY = "feedback_bot.transport"


def get_transport(app: Flask) -> Transport:
    """The app's transport (the same object as ``transport_for(get_runtime(app))``)."""
    transport = app.extensions.get(EXTENSION_KEY)
    if transport is None:
        transport = app.extensions.setdefault(EXTENSION_KEY, transport_for(get_runtime(app)))
    return transport


def transport_for(runtime: Runtime) -> Transport:
    """The transport of the app this runtime belongs to."""
    transport = runtime.extensions.get(EXTENSION_KEY)
    if transport is None:
        transport = runtime.extensions.setdefault(EXTENSION_KEY, _build(runtime.config))
    return transport


def _build(config: Mapping[str, Any]) -> Transport:
    kind = config["MESSAGE_TRANSPORT"]
    if kind == "twilio":
        # Imported when chosen: the console transport and most tests never load twilio.
        from feedback_bot.channels.twilio import TwilioTransport

        return TwilioTransport(config)
    if kind == "fake":
        return FakeTransport()
    return ConsoleTransport()
