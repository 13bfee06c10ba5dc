"""Staff accounts and API tokens: creation, password checks, login, bearer tokens."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from feedback_bot.errors import UserError
from feedback_bot.i18n import LANGUAGES
from feedback_bot.models import ApiToken, Station, User
from feedback_bot.models.accounts import ROLES
from feedback_bot.phones import to_e164
from feedback_bot.security import PhoneVault, hash_api_token, new_api_token
from feedback_bot.services.stations import find_by_code

MIN_PASSWORD_LENGTH = 12
HASH_METHOD = "scrypt"  # the default of PASSWORD_HASH_METHOD, and what production must use
CHANNELS = ("sms", "whatsapp")
TOKEN_PREFIX_LENGTH = 12
LAST_USED_PRECISION = dt.timedelta(minutes=1)
NAME_PATTERN = re.compile(r"^[\w.@-]{2,100}$")

# Passwords that are long enough but still among the first an attacker tries.
_COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "password1234",
        "password12345",
        "password123456",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiopasdf",
        "iloveyou1234",
        "administrator",
        "administrator1",
        "letmein12345",
        "welcome12345",
        "changeme1234",
        "trustno1trustno1",
        "football1234",
        "baghdad12345",
        "iraq12345678",
        "police123456",
        "policepolice",
        "feedbackbot1",
        "feedback_bot",
    }
)
_KEYBOARD_RUNS = ("0123456789", "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghij")


def check_password_strength(password: str, *, name: str = "") -> None:
    """Refuse a password that is short or easy to guess, with one sentence saying why."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    folded = password.lower()
    if folded in _COMMON_PASSWORDS or len(set(folded)) <= 3:
        raise UserError("That password is too common or too easy to guess; choose another.")
    if name and len(name) >= 3 and name.lower() in folded:
        raise UserError("The password must not contain the user name.")
    compact = re.sub(r"[^0-9a-z]", "", folded)
    if len(compact) >= MIN_PASSWORD_LENGTH - 2 and any(
        compact in run * 3 for run in _KEYBOARD_RUNS
    ):
        raise UserError("That password is a keyboard or number sequence; choose another.")


def create_user(
    session: Session,
    *,
    name: str,
    role: str,
    password: str,
    station_code: str | None = None,
    phone: str | None = None,
    language: str = "ar",
    channel: str = "whatsapp",
    vault: PhoneVault,
    hash_method: str = HASH_METHOD,
) -> User:
    """Create a staff account; a commander belongs to one station."""
    name = (name or "").strip()
    if not NAME_PATTERN.match(name):
        raise UserError(
            "A user name is 2 to 100 letters, digits, dots, dashes, underscores or @, no spaces."
        )
    if role not in ROLES:
        raise UserError(f"The role must be one of {', '.join(ROLES)}, not {role!r}.")
    if language not in LANGUAGES:
        raise UserError(f"The language must be one of {', '.join(LANGUAGES)}, not {language!r}.")
    if channel not in CHANNELS:
        raise UserError(f"The channel must be sms or whatsapp, not {channel!r}.")
    station = _station_for(session, role, station_code)
    phone_encrypted = None
    if phone:
        e164 = to_e164(phone)
        if e164 is None:
            raise UserError("That phone number is not valid; write it like +9647XXXXXXXXX.")
        phone_encrypted = vault.encrypt(e164)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise UserError(f"A user named {name} already exists.")
    check_password_strength(password, name=name)
    user = User(
        name=name,
        role=role,
        station_id=station.id if station else None,
        password_hash=generate_password_hash(password, method=hash_method),
        phone_encrypted=phone_encrypted,
        language=language,
        channel=channel,
        is_active=True,
    )
    session.add(user)
    session.flush()
    return user


def _station_for(session: Session, role: str, station_code: str | None) -> Station | None:
    if role != "commander":
        if station_code:
            raise UserError("Only a commander belongs to a station; leave out --station.")
        return None
    if not station_code:
        raise UserError("A commander needs a station: add --station CODE.")
    station = find_by_code(session, station_code)
    if station is None:
        raise UserError(f"There is no station with code {station_code}.")
    return station


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    # Checked against when the user does not exist, so both paths cost one hash.
    return generate_password_hash("no such user, same cost", method=method)


def authenticate(
    session: Session, name: str, password: str, *, hash_method: str = HASH_METHOD
) -> User | None:
    """The active user with this name and password, or None (same work either way)."""
    user = session.scalar(select(User).where(User.name == (name or "").strip()))
    if user is None:
        check_password_hash(_dummy_hash(hash_method), password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user if user.is_active else None


def list_users(session: Session) -> list[tuple[User, str | None]]:
    """Every user with their station code (None for admins and analysts)."""
    rows = session.execute(
        select(User, Station.code)
        .outerjoin(Station, Station.id == User.station_id)
        .order_by(User.name)
    )
    return [(user, code) for user, code in rows]


def station_code_of(session: Session, user: User) -> str | None:
    if user.station_id is None:
        return None
    return session.scalar(select(Station.code).where(Station.id == user.station_id))


def create_token(session: Session, user_name: str, *, now: dt.datetime) -> str:
    """A new bearer token for USER_NAME; only its hash and prefix are stored."""
    user = session.scalar(select(User).where(User.name == (user_name or "").strip()))
    if user is None:
        raise UserError(f"There is no user named {user_name}.")
    if not user.is_active:
        raise UserError(f"The user {user.name} is not active.")
    token = new_api_token()
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=hash_api_token(token),
            prefix=token[:TOKEN_PREFIX_LENGTH],
            created_at=now,
        )
    )
    session.flush()
    return token


def user_for_token(session: Session, token: str, *, now: dt.datetime) -> User | None:
    """The active owner of a valid, unrevoked token, marking the token as used."""
    if not token:
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == hash_api_token(token),
            ApiToken.revoked_at.is_(None),
            User.is_active.is_(True),
        )
    ).first()
    if row is None:
        return None
    api_token, user = row
    # Recorded to the minute: busy clients do not write the same row on every request.
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        api_token.last_used_at = now
    return user


def revoke_token(session: Session, token_or_prefix: str, *, now: dt.datetime) -> ApiToken:
    """Revoke one token, named by the whole token or the prefix shown in listings."""
    # Listings show "fbt_AbCdEfGh…"; accept it copied with the ellipsis.
    text = (token_or_prefix or "").strip().rstrip("…").rstrip(".")
    if len(text) > TOKEN_PREFIX_LENGTH:
        matches = list(
            session.scalars(select(ApiToken).where(ApiToken.token_hash == hash_api_token(text)))
        )
    elif len(text) == TOKEN_PREFIX_LENGTH:
        matches = list(session.scalars(select(ApiToken).where(ApiToken.prefix == text)))
    else:
        matches = []
    if not matches:
        raise UserError("No token matches that prefix; see `feedback-bot tokens list`.")
    if len(matches) > 1:
        raise UserError("Several tokens share that prefix; revoke it with the whole token.")
    token = matches[0]
    if token.revoked_at is None:
        token.revoked_at = now
    return token


def token_owner_name(session: Session, token: ApiToken) -> str:
    return session.scalar(select(User.name).where(User.id == token.user_id))


def list_tokens(session: Session) -> list[tuple[ApiToken, str]]:
    """Every token (never its secret) with its owner's name, newest first."""
    rows = session.execute(
        select(ApiToken, User.name)
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [(token, name) for token, name in rows]
