"""How the dashboard shows a weekly summary: labels, dates, table rows and trend charts.

Everything here renders the summary it is given; nothing is computed again, so the page
shows the same numbers as the API and the digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from markupsafe import Markup

from feedback_bot.i18n import N_, translate
from feedback_bot.i18n import babel_locale as locale_name
from feedback_bot.services.reports import percent, shown
from feedback_bot.web.dashboard.charts import ChartText, trend_points, trend_svg

INDICATOR_LABELS = {
    "trust": N_("Trust in the police"),
    "safe": N_("Feel safe after dark"),
    "respect": N_("Police treat people with respect"),
    "would_report": N_("Would report a crime"),
    "women_access": N_("A woman could report alone"),
}
COUNT_LABELS = {
    "started": N_("Polls started"),
    "completed": N_("Polls completed"),
    "respondents": N_("Respondents"),
    "new_residents": N_("New residents"),
    "open_day_registrations": N_("Open Day registrations"),
    "open_day_attendance": N_("Open Day attendance"),
}
GENDER_LABELS = {"woman": N_("Women"), "man": N_("Men")}


def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(locale_name(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(locale_name(None))


def local_date(value: dt.date, language: str) -> str:
    return format_date(value, "medium", locale=babel_locale(language))


def local_datetime(value: dt.datetime, language: str, timezone: str) -> str:
    """Local day and hour:minute (no seconds) in the page's language."""
    locale = babel_locale(language)
    local = value.astimezone(ZoneInfo(timezone))
    return f"{format_date(local, 'medium', locale=locale)} {format_time(local, 'short', locale=locale)}"


def indicator_label(language: str, name: str) -> str:
    msgid = INDICATOR_LABELS.get(name)
    return translate(language, msgid) if msgid else name


@dataclass(frozen=True)
class CellView:
    """One summary cell as the page shows it, with the exact values kept for data attributes."""

    name: str
    suppressed: bool
    n: Any
    share: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def share_text(self) -> str:
        return percent(self.share) if self.share is not None else ""

    @property
    def interval_text(self) -> str:
        if self.ci_low is None or self.ci_high is None:
            return ""
        return f"{percent(self.ci_low)}–{percent(self.ci_high)}"


def cell_view(name: str, cell: Mapping[str, Any] | None) -> CellView:
    cell = cell or {}
    visible = shown(cell)
    return CellView(
        name=name,
        suppressed=not visible,
        n=cell.get("n"),
        share=cell.get("share") if visible else None,
        ci_low=cell.get("ci_low") if visible else None,
        ci_high=cell.get("ci_high") if visible else None,
    )


@dataclass(frozen=True)
class ChangeView:
    """Rolling 4 weeks against the 4 weeks before, in percentage points."""

    suppressed: bool
    difference: float | None
    ci_low: float | None
    ci_high: float | None

    @staticmethod
    def points(value: float) -> str:
        return f"{value * 100:+.0f}"


def change_view(change: Mapping[str, Any] | None) -> ChangeView | None:
    if change is None:
        return None
    if change.get("suppressed") or change.get("difference") is None:
        return ChangeView(True, None, None, None)
    return ChangeView(False, change["difference"], change.get("ci_low"), change.get("ci_high"))


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    label: str
    week: CellView
    rolling: CellView | None
    change: ChangeView | None
    by_gender: dict[str, CellView]


def indicator_rows(summary: Mapping[str, Any], language: str) -> list[IndicatorRow]:
    """One row per indicator, in the summary's own order."""
    rolling = summary.get("rolling_4w")
    changes = summary.get("change_vs_previous_4w")
    genders = summary.get("by_gender") or {}
    return [
        IndicatorRow(
            name=name,
            label=indicator_label(language, name),
            week=cell_view(name, cell),
            rolling=cell_view(name, rolling.get(name)) if rolling is not None else None,
            change=change_view(changes.get(name)) if changes is not None else None,
            by_gender={
                gender: cell_view(name, (genders.get(gender) or {}).get(name))
                for gender in GENDER_LABELS
                if gender in genders
            },
        )
        for name, cell in (summary.get("indicators") or {}).items()
    ]


@dataclass(frozen=True)
class PanelRow:
    """Respondents asked again, compared with their first wave (moved up, down, unchanged)."""

    name: str
    label: str
    suppressed: bool
    up: int | None
    down: int | None
    same: int | None
    mcnemar_p: float | None


def panel_rows(summary: Mapping[str, Any], language: str) -> list[PanelRow]:
    cells = (summary.get("panel") or {}).get("indicators") or {}
    rows = []
    for name, cell in cells.items():
        hidden = bool(cell.get("suppressed"))
        rows.append(
            PanelRow(
                name=name,
                label=indicator_label(language, name),
                suppressed=hidden,
                up=None if hidden else cell.get("up"),
                down=None if hidden else cell.get("down"),
                same=None if hidden else cell.get("same"),
                mcnemar_p=None if hidden else cell.get("mcnemar_p"),
            )
        )
    return rows


def count_rows(summary: Mapping[str, Any], language: str) -> list[tuple[str, str, Any]]:
    counts = summary.get("counts") or {}
    return [
        (key, translate(language, COUNT_LABELS.get(key, key)), value)
        for key, value in counts.items()
        if key in COUNT_LABELS
    ]


@dataclass(frozen=True)
class TrendChart:
    name: str
    label: str
    svg: Markup


def trend_charts(summary: Mapping[str, Any], language: str) -> list[TrendChart]:
    """One SVG per indicator over the summary's trend weeks (oldest first)."""
    trend = summary.get("trend") or []
    charts = []
    for name in summary.get("indicators") or {}:
        label = indicator_label(language, name)
        text = ChartText(
            title=translate(language, "%(indicator)s, last 12 weeks", indicator=label),
            suppressed=translate(language, "suppressed (fewer than 10 respondents)"),
            rolling=translate(language, "Rolling 4 weeks"),
        )
        svg = trend_svg(trend_points(trend, name), text, chart_id=f"trend-{name}")
        charts.append(TrendChart(name=name, label=label, svg=svg))
    return charts


def last_full_week(now: dt.datetime, timezone: str) -> dt.date:
    """A day in the week before the current one (local time): the default week shown."""
    return (now.astimezone(ZoneInfo(timezone)) - dt.timedelta(days=7)).date()


def period_dates(summary: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """First and last local day of the summary's week."""
    start = dt.date.fromisoformat(str(summary["period_start"])[:10])
    return start, start + dt.timedelta(days=6)
