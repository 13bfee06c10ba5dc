"""What residents are told about an Open Day, queued in the outbox in their language.

Every message names the Open Day's title, the station, the local date and start
time (``05/12 10:00``, day/month as read in Iraq) and, where it matters, the
registration code in Latin capitals. WhatsApp Content templates get the same
facts as numbered variables:

- OPEN_DAY_REMINDER, OPEN_DAY_PROMOTED: {"1": title, "2": station, "3": date
  and time, "4": code}
- OPEN_DAY_POLL: {"1": title, "2": station}

A cancelled Open Day has no template in the contract: its notice goes as free
text where allowed and is skipped (and counted) by the dispatcher elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from feedback_bot.i18n import translate, translate_in
from feedback_bot.models import OpenDay, OutboxMessage, Registration, Resident, Station
from feedback_bot.services.outbox.dispatcher import enqueue_for_resident

# Translated under its own msgctxt: the dashboard's "Open Day" heading (reports) may differ.
DEFAULT_TITLE = ("open_day_title", "Open Day")
REMINDER = (
    "Reminder: %(title)s at %(station)s police station is tomorrow, %(when)s. Your code: %(code)s"
)
PROMOTED = (
    "Good news: a place is free for you at %(title)s, %(station)s police station, "
    "%(when)s. Your code: %(code)s"
)
CANCELLED = "Sorry: %(title)s at %(station)s police station, %(when)s, is cancelled."

TEMPLATES = {
    "open_day_reminder": ("OPEN_DAY_REMINDER", REMINDER),
    "open_day_promoted": ("OPEN_DAY_PROMOTED", PROMOTED),
    "open_day_cancelled": (None, CANCELLED),
}


def title(open_day: OpenDay, language: str) -> str:
    """The Open Day's title in LANGUAGE, or "Open Day" in that language when none was given."""

    return getattr(open_day, f"title_{language}", None) or translate_in(language, *DEFAULT_TITLE)


def local_when(moment: dt.datetime, timezone: str) -> str:
    """Day/month and time in local time, digits only so every script reads it."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d/%m %H:%M")


def facts(
    session: Session, runtime, open_day: OpenDay, registration: Registration, language: str
) -> dict[str, str]:
    """The values every Open Day message is built from."""
    station = session.get(Station, open_day.station_id)
    return {
        "title": title(open_day, language),
        "station": station.name(language),
        "when": local_when(open_day.starts_at, runtime.config["TIMEZONE"]),
        "code": registration.code,
    }


def tell(
    session: Session,
    runtime,
    registration: Registration,
    open_day: OpenDay,
    *,
    kind: str,
    key: str,
    now: dt.datetime,
) -> OutboxMessage | None:
    """Queue one Open Day message (reminder, promotion, cancellation) for the registrant."""

    resident = session.get(Resident, registration.resident_id)
    if resident is None or resident.language is None:
        return None
    template_name, msgid = TEMPLATES[kind]
    values = facts(session, runtime, open_day, registration, resident.language)
    variables: dict[str, Any] | None = None
    if template_name is not None:
        variables = {
            "1": values["title"],
            "2": values["station"],
            "3": values["when"],
            "4": values["code"],
        }
    return enqueue_for_resident(
        session,
        resident,
        key=key,
        kind=kind,
        body=translate(resident.language, msgid, **values),
        template_name=template_name,
        template_variables=variables,
        now=now,
    )
