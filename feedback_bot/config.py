"""Configuration: one object read from the environment, failing fast."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

SECRET_KEYS = ("SECRET_KEY", "PSEUDONYM_KEY", "PHONE_ENCRYPTION_KEY")
MIN_SECRET_LENGTH = 32
APP_ENVS = ("development", "test", "production")

# Throw-away values for development and tests only. They are public (they are in
# this file), so production refuses to start without real ones.
_INSECURE_DEV_SECRETS = {
    "SECRET_KEY": "insecure-dev-secret-key-never-use-in-production",
    "PSEUDONYM_KEY": "insecure-dev-pseudonym-key-never-use-in-production",
    "PHONE_ENCRYPTION_KEY": "insecure-dev-phone-key-never-use-in-production",
}

DEFAULTS: dict[str, Any] = {
    "APP_ENV": "production",
    "DATABASE_URL": None,  # filled from the instance folder
    "SECRET_KEY": None,
    "PSEUDONYM_KEY": None,
    "PHONE_ENCRYPTION_KEY": None,
    "TWILIO_ACCOUNT_SID": None,
    "TWILIO_AUTH_TOKEN": None,
    "TWILIO_MESSAGING_SERVICE_SID": None,
    "TWILIO_SMS_FROM": None,
    "TWILIO_WHATSAPP_FROM": None,
    "PUBLIC_BASE_URL": None,
    # Who residents write to about their data (an address or number), shown on /privacy.
    "PRIVACY_CONTACT": None,
    "MESSAGE_TRANSPORT": None,  # console in development/test, twilio in production
    "TIMEZONE": "Asia/Baghdad",
    "WEEK_START": "sunday",
    "FOLLOWUP_DAYS": "30,90",
    "QUIET_HOURS": "21:00-09:00",
    "OUTBOX_RATE_PER_SECOND": "10",
    "OUTBOX_CONCURRENCY": "16",  # sending threads per outbox dispatcher
    # Days a follow-up wave invitation stays open before the wave counts as missed.
    "WAVE_OPEN_DAYS": "7",
    "TRUSTED_PROXIES": "0",  # reverse proxies in front of the app that set X-Forwarded-*
    # How staff passwords are hashed (werkzeug method). Production must keep scrypt; the
    # test suite sets a cheap pbkdf2 so that account tests do not spend seconds hashing.
    "PASSWORD_HASH_METHOD": "scrypt",
    # Retention (``jobs run purge``, daily in the worker), in days.
    "RETENTION_MESSAGE_DAYS": "30",
    "RETENTION_COMMENT_DAYS": "180",
    "RETENTION_CONTACT_DAYS": "400",
}
RETENTION_KEYS = ("RETENTION_MESSAGE_DAYS", "RETENTION_COMMENT_DAYS", "RETENTION_CONTACT_DAYS")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ConfigError(RuntimeError):
    """The configuration cannot run the app; the message says why in one sentence."""


def _template_keys(environ: Mapping[str, str]) -> dict[str, str]:
    prefix = "WHATSAPP_TEMPLATE_"
    return {k: v for k, v in environ.items() if k.startswith(prefix) and v}


def load_config(instance_path: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge defaults, the environment and explicit overrides, then validate."""
    overrides = dict(overrides or {})
    config: dict[str, Any] = dict(DEFAULTS)
    for key in DEFAULTS:
        if os.environ.get(key):
            config[key] = os.environ[key]
    config.update(_template_keys(os.environ))
    config.update(overrides)

    app_env = str(config["APP_ENV"]).strip().lower()
    if app_env not in APP_ENVS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(APP_ENVS)}, not {app_env!r}.")
    config["APP_ENV"] = app_env

    for key in SECRET_KEYS:
        if not config.get(key):
            if app_env == "production":
                raise ConfigError(
                    f"{key} is not set: production needs it in the environment "
                    "(set APP_ENV=development for a local demo)."
                )
            config[key] = _INSECURE_DEV_SECRETS[key]
            config.setdefault("USING_DEV_SECRETS", True)
        elif app_env == "production" and len(str(config[key])) < MIN_SECRET_LENGTH:
            raise ConfigError(f"{key} must be at least {MIN_SECRET_LENGTH} characters long.")

    if not config.get("DATABASE_URL"):
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        config["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'feedback_bot.db'}"

    transport = config.get("MESSAGE_TRANSPORT") or (
        "twilio" if app_env == "production" else "console"
    )
    transport = str(transport).strip().lower()
    if transport not in ("twilio", "console", "fake"):
        raise ConfigError(f"MESSAGE_TRANSPORT must be twilio or console, not {transport!r}.")
    config["MESSAGE_TRANSPORT"] = transport

    config["FOLLOWUP_DAYS"] = _parse_followup_days(config["FOLLOWUP_DAYS"])
    config["QUIET_HOURS"] = _parse_quiet_hours(config["QUIET_HOURS"])
    config["OUTBOX_RATE_PER_SECOND"] = _parse_rate(config["OUTBOX_RATE_PER_SECOND"])
    config["OUTBOX_CONCURRENCY"] = _parse_concurrency(config["OUTBOX_CONCURRENCY"])
    config["WAVE_OPEN_DAYS"] = _parse_wave_open_days(config["WAVE_OPEN_DAYS"])
    config["TRUSTED_PROXIES"] = _parse_trusted_proxies(config["TRUSTED_PROXIES"])
    config["PASSWORD_HASH_METHOD"] = _parse_hash_method(config["PASSWORD_HASH_METHOD"], app_env)
    for key in RETENTION_KEYS:
        config[key] = _parse_retention_days(key, config[key])
    week_start = str(config["WEEK_START"]).strip().lower()
    if week_start not in WEEKDAYS:
        raise ConfigError(f"WEEK_START must be a day name such as sunday, not {week_start!r}.")
    config["WEEK_START"] = week_start
    _check_timezone(config["TIMEZONE"])
    if config.get("PUBLIC_BASE_URL"):
        config["PUBLIC_BASE_URL"] = str(config["PUBLIC_BASE_URL"]).rstrip("/")
    return config


def _parse_followup_days(value: Any) -> tuple[int, ...]:
    if isinstance(value, list | tuple):
        days = tuple(int(v) for v in value)
    else:
        try:
            days = tuple(int(part) for part in str(value).split(",") if part.strip())
        except ValueError:
            raise ConfigError(
                f"FOLLOWUP_DAYS must be whole days separated by commas, such as 30,90; got {value!r}."
            ) from None
    if not days or any(d <= 0 for d in days) or list(days) != sorted(set(days)):
        raise ConfigError(
            "FOLLOWUP_DAYS must list increasing positive numbers of days, e.g. 30,90."
        )
    return days


def _parse_quiet_hours(value: Any) -> tuple[int, int] | None:
    """Return (start, end) in minutes after local midnight, or None for no quiet hours."""
    if value is None or isinstance(value, tuple):
        return value
    text = str(value).strip()
    if text.lower() in ("", "none", "off"):
        return None
    try:
        start, end = (part.strip() for part in text.split("-"))
        return _minutes(start), _minutes(end)
    except ValueError:
        raise ConfigError(f"QUIET_HOURS must look like 21:00-09:00, not {text!r}.") from None


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    h, m = int(hours), int(minutes)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(hhmm)
    return h * 60 + m


def _parse_rate(value: Any) -> float:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"OUTBOX_RATE_PER_SECOND must be a number, not {value!r}.") from None
    if rate <= 0:
        raise ConfigError("OUTBOX_RATE_PER_SECOND must be greater than zero.")
    return rate


MAX_CONCURRENCY = 256


def _parse_concurrency(value: Any) -> int:
    try:
        threads = int(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"OUTBOX_CONCURRENCY must be a whole number of sending threads, not {value!r}."
        ) from None
    if not 1 <= threads <= MAX_CONCURRENCY:
        raise ConfigError(f"OUTBOX_CONCURRENCY must be between 1 and {MAX_CONCURRENCY}.")
    return threads


def _parse_wave_open_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"WAVE_OPEN_DAYS must be a whole number of days, not {value!r}."
        ) from None
    if days < 1:
        raise ConfigError("WAVE_OPEN_DAYS must be at least 1 day.")
    return days


def _parse_trusted_proxies(value: Any) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"TRUSTED_PROXIES must be a whole number, not {value!r}.") from None
    if count < 0:
        raise ConfigError("TRUSTED_PROXIES cannot be negative.")
    return count


def _parse_retention_days(key: str, value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key} must be a whole number of days, not {value!r}.") from None
    if days < 1:
        raise ConfigError(f"{key} must be at least 1 day.")
    return days


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"TIMEZONE {name!r} is not a known time zone such as Asia/Baghdad."
        ) from None


def whatsapp_template(config: Mapping[str, Any], name: str, language: str) -> str | None:
    """The Content SID configured for template NAME in LANGUAGE, if any."""
    return config.get(f"WHATSAPP_TEMPLATE_{name.upper()}_{language.upper()}") or None


def _parse_hash_method(value: Any, app_env: str) -> str:
    method = str(value).strip()
    if method != "scrypt" and not method.startswith("pbkdf2:"):
        raise ConfigError(
            f"PASSWORD_HASH_METHOD must be scrypt (or pbkdf2:sha256:N for tests), not {method!r}."
        )
    if app_env == "production" and method != "scrypt":
        raise ConfigError("PASSWORD_HASH_METHOD must be scrypt in production.")
    return method
