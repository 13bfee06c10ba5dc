"""Staff accounts: users, API tokens and dashboard sign-in.

Use cases (each takes the runtime and owns its transaction):

- ``create_user``, ``list_users``: staff accounts (commanders belong to one station);
- ``create_token``, ``revoke_token``, ``list_tokens``, ``user_for_token``: API bearer tokens;
- ``log_in``, ``load_user``: the dashboard's sign-in with its throttle, and the signed-in user.

Passwords are hashed with ``PASSWORD_HASH_METHOD`` (scrypt in production).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedback_bot.models.accounts import ROLES
from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.accounts import users
from feedback_bot.services.accounts.login import DashboardUser, LoginResult, load_user, log_in
from feedback_bot.services.accounts.users import (
    CHANNELS,
    MIN_PASSWORD_LENGTH,
    check_password_strength,
)

__all__ = [
    "CHANNELS",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "Account",
    "ApiUser",
    "DashboardUser",
    "LoginResult",
    "TokenListing",
    "check_password_strength",
    "create_token",
    "create_user",
    "list_tokens",
    "list_users",
    "load_user",
    "log_in",
    "revoke_token",
    "user_for_token",
]


@dataclass(frozen=True)
class Account:
    """A staff account as listings show it: never its password hash or phone number."""

    name: str
    role: str
    station_code: str | None
    language: str
    channel: str
    has_phone: bool
    is_active: bool


@dataclass(frozen=True)
class ApiUser:
    """The owner of a valid API token."""

    id: int
    name: str
    role: str
    station_id: int | None


@dataclass(frozen=True)
class TokenListing:
    prefix: str
    owner: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


def _account(user, station_code: str | None) -> Account:
    return Account(
        name=user.name,
        role=user.role,
        station_code=station_code,
        language=user.language,
        channel=user.channel,
        has_phone=user.phone_encrypted is not None,
        is_active=user.is_active,
    )


def create_user(
    runtime: Runtime,
    *,
    name: str,
    role: str,
    password: str,
    station_code: str | None = None,
    phone: str | None = None,
    language: str = "ar",
    channel: str = "whatsapp",
    actor: audit.Actor | None = None,
) -> Account:
    """Create a staff account; a ``UserError`` says in one sentence what is wrong.

    With an ``actor``, the creation is in the audit log, in the same transaction.
    """
    with runtime.transaction() as session:
        user = users.create_user(
            session,
            name=name,
            role=role,
            password=password,
            station_code=station_code,
            phone=phone,
            language=language,
            channel=channel,
            vault=runtime.vault,
            hash_method=runtime.config["PASSWORD_HASH_METHOD"],
        )
        station = users.station_code_of(session, user)
        if actor is not None:
            details = {"role": user.role, "station": station}
            audit.record(session, actor, "user.create", target=user.name, details=details)
        return _account(user, station)


def list_users(runtime: Runtime) -> list[Account]:
    """Every account by name."""
    with runtime.transaction() as session:
        return [_account(user, code) for user, code in users.list_users(session)]


def create_token(
    runtime: Runtime, user_name: str, *, now: dt.datetime, actor: audit.Actor | None = None
) -> str:
    """A new bearer token for USER_NAME, returned once (only its hash is stored)."""
    with runtime.transaction() as session:
        token = users.create_token(session, user_name, now=now)
        if actor is not None:
            details = {"token": token[: users.TOKEN_PREFIX_LENGTH]}
            audit.record(session, actor, "token.create", target=user_name.strip(), details=details)
        return token


def revoke_token(
    runtime: Runtime, token_or_prefix: str, *, now: dt.datetime, actor: audit.Actor | None = None
) -> str:
    """Revoke one token; returns its prefix."""
    with runtime.transaction() as session:
        token = users.revoke_token(session, token_or_prefix, now=now)
        if actor is not None:
            owner = users.token_owner_name(session, token)
            details = {"token": token.prefix}
            audit.record(session, actor, "token.revoke", target=owner, details=details)
        return token.prefix


def list_tokens(runtime: Runtime) -> list[TokenListing]:
    """Every token (never its secret) with its owner, newest first."""
    with runtime.transaction() as session:
        return [
            TokenListing(t.prefix, owner, t.created_at, t.last_used_at, t.revoked_at)
            for t, owner in users.list_tokens(session)
        ]


def user_for_token(runtime: Runtime, token: str, *, now: dt.datetime) -> ApiUser | None:
    """The active owner of a valid, unrevoked token (the token is marked as used)."""
    with runtime.transaction() as session:
        user = users.user_for_token(session, token, now=now)
        if user is None:
            return None
        return ApiUser(user.id, user.name, user.role, user.station_id)
