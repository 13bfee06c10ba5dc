"""The weekly digest to each station commander: last week's key figures and a dashboard link.

The figures are the cells of ``services.reports.weekly_summary`` as they are (a suppressed
cell says so); the message is queued in the outbox, once per commander and week.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from babel.lists import format_list
from sqlalchemy import select

from feedback_bot.i18n import N_, babel_locale, translate, translate_plural
from feedback_bot.models import Station, User
from feedback_bot.runtime import Runtime
from feedback_bot.services.outbox import dispatcher as outbox
from feedback_bot.services.reports.shares import percent
from feedback_bot.services.reports.summary import weekly_summary
from feedback_bot.sms import segments as sms_segments

log = logging.getLogger(__name__)

MAX_SEGMENTS = 3
TEMPLATE_NAME = "DIGEST"

# Short labels: the digest must fit three SMS segments even in Arabic script.
DIGEST_LABELS = {
    "trust": N_("Trust"),
    "safe": N_("Safe"),
    "respect": N_("Respect"),
    "would_report": N_("Would report"),
    "women_access": N_("Women's access"),
}


def _cell_text(language: str, label: str, cell: Mapping[str, Any], *, interval: bool) -> str:
    share = percent(float(cell["share"]))
    if interval and cell.get("ci_low") is not None and cell.get("ci_high") is not None:
        return translate(
            language,
            "%(indicator)s %(share)s (%(low)s-%(high)s)",
            indicator=label,
            share=share,
            low=percent(float(cell["ci_low"])),
            high=percent(float(cell["ci_high"])),
        )
    return translate(language, "%(indicator)s %(share)s", indicator=label, share=share)


def _suppressed_text(language: str, labels: list[str]) -> list[str]:
    """One line naming every suppressed indicator, as a list in the language's own style."""
    if not labels:
        return []
    locale = babel_locale(language)
    return [
        translate(
            language, "Suppressed: %(indicators)s", indicators=format_list(labels, locale=locale)
        )
    ]


def _figures(language: str, cells: list[tuple[str, Mapping[str, Any]]], *, interval: bool):
    shown = [(n, c) for n, c in cells if not c.get("suppressed") and c.get("share") is not None]
    hidden = [_label(language, n) for n, c in cells if (n, c) not in shown]
    lines = [_cell_text(language, _label(language, n), c, interval=interval) for n, c in shown]
    return lines, _suppressed_text(language, hidden)


def _heading(language: str, summary: Mapping[str, Any], week_start: dt.date) -> str:
    day = f"{week_start.day}/{week_start.month}"
    respondents = (summary.get("counts") or {}).get("respondents")
    if respondents is None:
        return translate(
            language, "%(station)s, week of %(date)s", station=summary["station"], date=day
        )
    return translate_plural(
        language,
        "%(station)s, week of %(date)s: %(n)s respondent",
        "%(station)s, week of %(date)s: %(n)s respondents",
        int(respondents),
        station=summary["station"],
        date=day,
    )


@dataclass(frozen=True)
class Digest:
    body: str
    template_variables: dict[str, str]


def compose_digest(
    summary: Mapping[str, Any], *, language: str, link: str, max_segments: int = MAX_SEGMENTS
) -> Digest:
    """The digest text in LANGUAGE, shortened (intervals, then figures) to fit MAX_SEGMENTS.

    Shown indicators get a line each; suppressed ones are named together on one line.
    """
    week_start = dt.date.fromisoformat(str(summary["period_start"])[:10])
    heading = _heading(language, summary, week_start)
    footer = translate(language, "Dashboard: %(link)s", link=link)
    cells = list((summary.get("indicators") or {}).items())
    with_intervals, hidden = _figures(language, cells, interval=True)
    without_intervals, _hidden = _figures(language, cells, interval=False)
    attempts = [
        with_intervals + hidden,
        without_intervals + hidden,
        without_intervals[:1],
        [],
    ]
    for figures in attempts:
        body = "\n".join([heading, *figures, footer])
        if sms_segments(body) <= max_segments:
            break
    # WhatsApp template variables may not contain new lines.
    variables = {"1": heading, "2": " | ".join(figures) or "-", "3": link}
    return Digest(body=body, template_variables=variables)


def _label(language: str, name: str) -> str:
    msgid = DIGEST_LABELS.get(name)
    return translate(language, msgid) if msgid else name


def previous_week_date(now: dt.datetime, timezone: str) -> dt.date:
    """A date inside the last full week before NOW (local time)."""
    return (now.astimezone(ZoneInfo(timezone)) - dt.timedelta(days=7)).date()


def dashboard_link(base_url: str | None, station_code: str, week_start: str) -> str:
    return f"{(base_url or '').rstrip('/')}/dashboard/stations/{station_code}?week={week_start}"


@dataclass(frozen=True)
class DigestRun:
    week_start: str | None
    queued: int
    already_queued: int
    without_phone: int
    failed: int


def _commanders(runtime: Runtime) -> list[tuple[int, str, bool]]:
    with runtime.transaction() as session:
        rows = session.execute(
            select(User.id, Station.code, User.phone_encrypted.is_not(None))
            .join(Station, Station.id == User.station_id)
            .where(User.role == "commander", User.is_active.is_(True))
            .order_by(User.id)
        )
        return [(user_id, code, bool(has_phone)) for user_id, code, has_phone in rows]


def queue_digest(
    runtime: Runtime, user_id: int, station_code: str, *, now: dt.datetime
) -> tuple[str, bool]:
    """Queue last week's digest for one commander; returns (week_start, newly queued)."""
    week_date = previous_week_date(now, runtime.config["TIMEZONE"])
    with runtime.transaction() as session:
        user = session.get(User, user_id)
        summary = weekly_summary(session, runtime, station_code, week_date, now=now)
        week_start = str(summary["period_start"])[:10]
        link = dashboard_link(runtime.config.get("PUBLIC_BASE_URL"), station_code, week_start)
        digest = compose_digest(summary, language=user.language, link=link)
        message = outbox.enqueue(
            session,
            key=f"digest:{user.id}:{week_start}",
            kind="digest",
            channel=user.channel,
            to_encrypted=user.phone_encrypted,
            language=user.language,
            body=digest.body,
            template_name=TEMPLATE_NAME,
            template_variables=digest.template_variables,
            user_id=user.id,
            now=now,
        )
    return week_start, message is not None


def queue_weekly_digests(runtime: Runtime, *, now: dt.datetime) -> DigestRun:
    """Queue last week's digest for every active commander with a phone; safe to run again."""
    week_start = None
    queued = already = without_phone = failed = 0
    for user_id, code, has_phone in _commanders(runtime):
        if not has_phone:
            without_phone += 1
            continue
        try:
            week_start, created = queue_digest(runtime, user_id, code, now=now)
        except Exception:
            # One station's failure must not cost the other commanders their digest.
            log.exception("digest for user %s failed", user_id)
            failed += 1
            continue
        queued += created
        already += not created
    return DigestRun(week_start, queued, already, without_phone, failed)
