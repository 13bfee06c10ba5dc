"""Dashboard sign-in: password check, a login throttle kept in the database, and who may see what.

Failed logins are rows in ``login_attempts`` (keyed by a hash of user name and client
address), so every gunicorn worker counts the same failures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from feedback_bot.models import LoginAttempt, User
from feedback_bot.runtime import Runtime
from feedback_bot.services import audit
from feedback_bot.services.accounts.users import authenticate, station_code_of

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
STAFF_ROLES = ("admin", "analyst", "commander")


@dataclass(frozen=True)
class DashboardUser:
    """What a page needs to know about the signed-in person (no secrets)."""

    id: int
    name: str
    role: str
    language: str
    station_code: str | None

    def may_see(self, station_code: str) -> bool:
        """Commanders see their own station only; analysts and admins see every station."""
        if self.role == "commander":
            return self.station_code is not None and self.station_code == station_code
        return self.role in ("analyst", "admin")


@dataclass(frozen=True)
class LoginResult:
    user: DashboardUser | None
    locked: bool = False


def attempt_key(name: str, address: str | None) -> str:
    """The throttle key: one user name from one address, hashed (no name stored in clear)."""
    raw = f"{(name or '').strip().lower()}|{address or '-'}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _recent_failures(session: Session, key: str, *, now: dt.datetime) -> int:
    return session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.key == key, LoginAttempt.attempted_at > now - WINDOW)
    )


def _to_dashboard_user(session: Session, user: User) -> DashboardUser:
    return DashboardUser(
        id=user.id,
        name=user.name,
        role=user.role,
        language=user.language,
        station_code=station_code_of(session, user),
    )


def log_in(
    runtime: Runtime, name: str, password: str, address: str | None, *, now: dt.datetime
) -> LoginResult:
    """Check a password unless this name and address failed too often in the last 15 minutes."""
    key = attempt_key(name, address)
    with runtime.transaction() as session:
        if _recent_failures(session, key, now=now) >= MAX_FAILURES:
            return LoginResult(user=None, locked=True)
        user = authenticate(
            session, name, password, hash_method=runtime.config["PASSWORD_HASH_METHOD"]
        )
        if user is None or user.role not in STAFF_ROLES:
            session.execute(
                delete(LoginAttempt).where(
                    LoginAttempt.key == key, LoginAttempt.attempted_at <= now - WINDOW
                )
            )
            session.add(LoginAttempt(key=key, attempted_at=now))
            audit.record(session, _failed_actor(session, name), "login.failed", now=now)
            return LoginResult(user=None)
        session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
        audit.record(session, audit.Actor(user.name, "dashboard"), "login", now=now)
        return LoginResult(user=_to_dashboard_user(session, user))


def _failed_actor(session: Session, name: str) -> audit.Actor:
    """The account a failed sign-in tried, or ``unknown``: a typed name may be a password."""
    known = session.scalar(select(User.name).where(User.name == (name or "").strip()))
    return audit.Actor(known or "unknown", "dashboard")


def load_user(runtime: Runtime, user_id: int | None) -> DashboardUser | None:
    """The signed-in user for a session, or None once the account is gone or disabled."""
    if user_id is None:
        return None
    with runtime.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active or user.role not in STAFF_ROLES:
            return None
        return _to_dashboard_user(session, user)
