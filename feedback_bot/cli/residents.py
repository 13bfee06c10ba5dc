"""``feedback-bot residents erase --phone NUMBER``: an erasure request made by phone or in person."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from feedback_bot.db import utcnow
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit, privacy


@click.group("residents")
def residents_group() -> None:
    """Residents' own data: erasure on request."""


@residents_group.command("erase")
@click.option(
    "--phone",
    required=True,
    metavar="NUMBER",
    help="The resident's number as they give it: 0770 123 4567, +964 770…, ٠٧٧٠…",
)
@with_appcontext
def erase_command(phone: str) -> None:
    """Erase everything about the resident with this number; prints counts only.

    Answers, Open Day registrations (a held place goes to the waitlist), follow-up waves,
    the conversation, outbox and message records, and the resident with their number are
    deleted. Erasing a number that is not (or no longer) known changes nothing.
    """
    counts = privacy.erase_by_phone(get_runtime(), phone, actor=audit.cli_actor(), now=utcnow())
    if counts.residents == 0:
        click.echo("No resident has that number: nothing to erase.")
        return
    click.echo(f"Erased {counts.summary()}.")


commands = [residents_group]
