"""``feedback-bot summary weekly``: one station's weekly summary as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from flask.cli import with_appcontext

from feedback_bot.errors import UserError
from feedback_bot.runtime import get_runtime
from feedback_bot.services import reports
from feedback_bot.stats import INDICATORS

SUPPRESSED = "suppressed (<10)"
COUNT_LABELS = {
    "started": "started",
    "completed": "completed",
    "respondents": "respondents",
    "new_residents": "new residents",
    "open_day_registrations": "Open Day registrations",
    "open_day_attendance": "Open Day attendance",
}


@click.group("summary")
def summary_group() -> None:
    """Weekly summaries of a station."""


@summary_group.command("weekly")
@click.option("--station", "station_code", required=True, metavar="CODE", help="Station code.")
@click.option("--week", required=True, metavar="YYYY-MM-DD", help="Any day of the week.")
@click.option(
    "--format", "output", default="text", show_default=True, type=click.Choice(["text", "json"])
)
@with_appcontext
def weekly_command(station_code: str, week: str, output: str) -> None:
    """The summary of the week (WEEK_START, local time) that contains --week."""
    try:
        week_date = dt.date.fromisoformat(week)
    except ValueError:
        raise UserError(f"--week must be a date such as 2026-11-04, not {week!r}.") from None
    summary = reports.weekly_summary(get_runtime(), station_code, week_date)
    if output == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(summary))


def _share(cell: dict[str, Any]) -> str:
    if cell["suppressed"]:
        return SUPPRESSED
    return f"{cell['share']:.0%} ({cell['ci_low']:.0%}–{cell['ci_high']:.0%}), n={cell['n']}"


def _change(change: dict[str, Any]) -> str:
    if change["suppressed"]:
        return SUPPRESSED
    return (
        f"{change['difference'] * 100:+.0f} points "
        f"({change['ci_low'] * 100:+.0f} to {change['ci_high'] * 100:+.0f})"
    )


def _panel(cell: dict[str, Any]) -> str:
    if cell["suppressed"]:
        return SUPPRESSED
    return (
        f"n={cell['n']}: {cell['up']} up, {cell['down']} down, {cell['same']} same "
        f"(McNemar p={cell['mcnemar_p']:.3f})"
    )


def render_text(summary: dict[str, Any]) -> str:
    """A readable block; every figure is the summary's own cell, suppressed ones say so."""
    start = dt.datetime.fromisoformat(summary["period_start"]).date()
    end = dt.datetime.fromisoformat(summary["period_end"]).date() - dt.timedelta(days=1)
    lines = [f"Station {summary['station']}, week {start} to {end} ({summary['timezone']})"]
    if not summary["complete"]:
        lines.append("This week has not ended: its figures are withheld until it is over.")
    counts = summary["counts"]
    lines.append(", ".join(f"{label} {counts[key]}" for key, label in COUNT_LABELS.items()))
    width = max(len(name) for name in INDICATORS) + 2
    sections = [
        ("This week", summary["indicators"], _share),
        ("Rolling 4 weeks", summary["rolling_4w"], _share),
        ("Change vs the previous 4 weeks", summary["change_vs_previous_4w"], _change),
        ("Women, this week", summary["by_gender"]["woman"], _share),
        ("Men, this week", summary["by_gender"]["man"], _share),
        (
            f"Panel: later waves completed {summary['panel']['period_start'][:10]} to {end}, "
            "against wave 1",
            summary["panel"]["indicators"],
            _panel,
        ),
    ]
    for title, cells, show in sections:
        lines += ["", title]
        lines += [f"  {name:<{width}}{show(cells[name])}" for name in INDICATORS]
    lines += [
        "",
        f"{SUPPRESSED}: fewer than {summary['min_cell']} respondents, or a figure that would "
        "let such a cell be worked out.",
    ]
    return "\n".join(lines)


commands = [summary_group]
