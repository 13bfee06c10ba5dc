"""``feedback-bot users`` and ``feedback-bot tokens``: staff accounts and API tokens."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from feedback_bot.db import utcnow
from feedback_bot.errors import UserError
from feedback_bot.i18n import LANGUAGES
from feedback_bot.runtime import get_runtime
from feedback_bot.services import accounts, audit


def _read_password() -> str:
    """From stdin when piped (one line), else a hidden prompt asked twice; never an argument."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("No password on standard input; pipe one line or run interactively.")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("users")
def users_group() -> None:
    """Manage staff accounts (admins, analysts, station commanders)."""


@users_group.command("create")
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice(accounts.ROLES), help="What the user may see."
)
@click.option("--station", "station_code", metavar="CODE", help="A commander's station.")
@click.option("--phone", help="A commander's phone number, for the weekly digest.")
@click.option("--language", default="ar", show_default=True, type=click.Choice(LANGUAGES))
@click.option(
    "--channel", default="whatsapp", show_default=True, type=click.Choice(accounts.CHANNELS)
)
@with_appcontext
def create_command(
    name: str,
    role: str,
    station_code: str | None,
    phone: str | None,
    language: str,
    channel: str,
) -> None:
    """Create user NAME; the password is read from stdin or prompted for."""
    password = _read_password()
    user = accounts.create_user(
        get_runtime(),
        name=name,
        role=role,
        password=password,
        station_code=station_code,
        phone=phone,
        language=language,
        channel=channel,
        actor=audit.cli_actor(),
    )
    where = f" at {user.station_code}" if user.station_code else ""
    click.echo(f"Created {user.role} {user.name}{where}.")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """List users (never their password or phone number)."""
    for user in accounts.list_users(get_runtime()):
        phone = "phone" if user.has_phone else "no phone"
        state = "active" if user.is_active else "inactive"
        click.echo(
            f"{user.name}\t{user.role}\t{user.station_code or '-'}\t{user.language}\t"
            f"{user.channel}\t{phone}\t{state}"
        )


@click.group("tokens")
def tokens_group() -> None:
    """Manage API tokens (Bearer) for analysts, admins and commanders."""


@tokens_group.command("create")
@click.argument("name")
@with_appcontext
def create_token_command(name: str) -> None:
    """Create an API token for user NAME; shown once, alone on the last line."""
    token = accounts.create_token(get_runtime(), name, now=utcnow(), actor=audit.cli_actor())
    click.echo(f"API token for {name.strip()} (shown once; store it safely):")
    click.echo(token)


@tokens_group.command("revoke")
@click.argument("prefix_or_token")
@with_appcontext
def revoke_command(prefix_or_token: str) -> None:
    """Revoke a token, named by its prefix (see ``tokens list``) or the whole token."""
    prefix = accounts.revoke_token(
        get_runtime(), prefix_or_token, now=utcnow(), actor=audit.cli_actor()
    )
    click.echo(f"Token {prefix}… is revoked.")


@tokens_group.command("list")
@with_appcontext
def list_tokens_command() -> None:
    """List tokens by prefix, owner and use; never the tokens themselves."""
    for token in accounts.list_tokens(get_runtime()):
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
        click.echo(
            f"{token.prefix}…\t{token.owner}\tcreated {token.created_at:%Y-%m-%d}\t{used}\t{state}"
        )


commands = [users_group, tokens_group]
