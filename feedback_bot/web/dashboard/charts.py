"""Server-rendered SVG trend charts: weekly points with their interval and a rolling line.

The chart draws exactly the cells it is given (from ``services.reports.weekly_summary``):
a suppressed or empty cell is a gap, never recomputed. Text comes in already translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from feedback_bot.services.reports import percent, shown

WIDTH = 340
HEIGHT = 190
LEFT = 40
RIGHT = 20
TOP = 12
BOTTOM = 30
GRID_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class TrendPoint:
    """One week of one indicator: the weekly cell and the rolling 4-week cell."""

    week_start: str
    weekly: Mapping[str, Any]
    rolling: Mapping[str, Any]


@dataclass(frozen=True)
class ChartText:
    """Translated words the chart needs for its accessible titles."""

    title: str
    suppressed: str
    rolling: str


def trend_points(trend: Sequence[Mapping[str, Any]], indicator: str) -> list[TrendPoint]:
    """One indicator's points from the summary's ``trend`` list (oldest week first)."""
    return [
        TrendPoint(
            week_start=str(week["week_start"]),
            weekly=week.get("indicators", {}).get(indicator) or {},
            rolling=week.get("rolling_4w", {}).get(indicator) or {},
        )
        for week in trend
    ]


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if count <= 1:
        return LEFT + span / 2
    return LEFT + span * index / (count - 1)


def _y(share: float) -> float:
    share = min(max(share, 0.0), 1.0)
    return TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - share)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _grid() -> list[str]:
    parts = []
    for share in GRID_SHARES:
        y = _f(_y(share))
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
            f'<text class="axis" x="{LEFT - 4}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{percent(share)}</text>'
        )
    return parts


def _week_label(week_start: str) -> str:
    """Day/month of the week's first day: short enough for a phone screen."""
    _year, month, day = week_start[:10].split("-")
    return f"{int(day)}/{int(month)}"


def _x_labels(points: Sequence[TrendPoint]) -> list[str]:
    count = len(points)
    # Every third week, and always the last one, so labels never collide.
    indexes = sorted({*range(0, count, 3), count - 1}) if count else []
    y = HEIGHT - BOTTOM + 16
    return [
        f'<text class="axis" x="{_f(_x(i, count))}" y="{y}" text-anchor="middle">'
        f"{escape(_week_label(points[i].week_start))}</text>"
        for i in indexes
    ]


def _weekly_marks(points: Sequence[TrendPoint], text: ChartText) -> list[str]:
    parts = []
    count = len(points)
    for i, point in enumerate(points):
        x = _f(_x(i, count))
        cell = point.weekly
        if not shown(cell):
            # A gap, marked on the axis so "hidden" is not mistaken for "zero".
            base = _f(_y(0.0))
            parts.append(
                f'<g class="gap" data-week="{escape(point.week_start)}">'
                f"<title>{escape(point.week_start)}: {escape(text.suppressed)}</title>"
                f'<line x1="{x}" x2="{x}" y1="{base}" y2="{_f(_y(0.0) - 6)}"/></g>'
            )
            continue
        share = float(cell["share"])
        label = f"{point.week_start}: {percent(share)}"
        whisker = ""
        if cell.get("ci_low") is not None and cell.get("ci_high") is not None:
            low, high = float(cell["ci_low"]), float(cell["ci_high"])
            label += f" ({percent(low)}–{percent(high)}), n={cell.get('n')}"
            whisker = f'<line class="ci" x1="{x}" x2="{x}" y1="{_f(_y(low))}" y2="{_f(_y(high))}"/>'
        parts.append(
            f'<g class="week" data-week="{escape(point.week_start)}" data-share="{share!r}">'
            f"<title>{escape(label)}</title>{whisker}"
            f'<circle class="weekly" cx="{x}" cy="{_f(_y(share))}" r="3.5"/></g>'
        )
    return parts


def _rolling_runs(points: Sequence[TrendPoint]) -> list[list[int]]:
    """Consecutive weeks whose rolling cell is shown; a hidden week breaks the line."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, point in enumerate(points):
        if shown(point.rolling):
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _rolling_line(points: Sequence[TrendPoint], text: ChartText) -> list[str]:
    count = len(points)
    parts = []
    for run in _rolling_runs(points):
        coords = [(_x(i, count), _y(float(points[i].rolling["share"]))) for i in run]
        title = f"<title>{escape(text.rolling)}</title>"
        if len(coords) == 1:
            x, y = coords[0]
            parts.append(
                f'<g class="rolling">{title}<line x1="{_f(x - 5)}" x2="{_f(x + 5)}" '
                f'y1="{_f(y)}" y2="{_f(y)}"/></g>'
            )
        else:
            joined = " ".join(f"{_f(x)},{_f(y)}" for x, y in coords)
            parts.append(f'<g class="rolling">{title}<polyline points="{joined}"/></g>')
    return parts


def trend_svg(points: Sequence[TrendPoint], text: ChartText, *, chart_id: str) -> Markup:
    """An inline SVG of weekly shares (points and 95% intervals) and the rolling 4-week line."""
    weekly_count = sum(1 for p in points if shown(p.weekly))
    body = [
        *_grid(),
        *_x_labels(points),
        *_rolling_line(points, text),
        *_weekly_marks(points, text),
    ]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" direction="ltr" '
        f'aria-labelledby="{escape(chart_id)}-title" data-weekly-points="{weekly_count}">'
        f'<title id="{escape(chart_id)}-title">{escape(text.title)}</title>'
        + "".join(body)
        + "</svg>"
    )
    return Markup(svg)  # noqa: S704 - every interpolated text above is escaped
