"""``feedback-bot chat``: talk to the bot in the terminal as a resident, through the real path."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from feedback_bot.runtime import get_runtime
from feedback_bot.services.inbound import simulate

DEFAULT_PHONE = "+9647700000000"
TAP = "/tap "


@click.command("chat")
@click.option(
    "--channel", type=click.Choice(["sms", "whatsapp"]), default="whatsapp", show_default=True
)
@click.option(
    "--from",
    "phone",
    default=DEFAULT_PHONE,
    metavar="+9647…",
    help="The resident's number (a test number by default).",
)
@with_appcontext
def chat(channel: str, phone: str) -> None:
    """Chat with the bot as a resident. '/tap N' taps a WhatsApp quick reply; '/quit' ends."""
    runtime = get_runtime()
    click.echo(f"You are a resident on {channel}. Type a message; /quit or Ctrl-D to stop.")
    while True:
        click.echo("you> ", nl=False)
        line = sys.stdin.readline()
        if not line or line.strip() in ("/quit", "/exit"):
            click.echo()
            return
        text = line.rstrip("\n")
        payload = None
        if text.startswith(TAP):
            payload = text.removeprefix(TAP).strip()
            text = payload
        replies = simulate(runtime, phone=phone, channel=channel, text=text, button_payload=payload)
        for reply in replies:
            click.echo("bot> " + reply.replace("\n", "\n     "))
        if not replies:
            click.echo("bot> (no reply)")


commands = [chat]
