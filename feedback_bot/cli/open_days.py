"""``feedback-bot open-days``: create, list and cancel Open Days; mark attendance by code."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext

from feedback_bot.cli.jobs import parse_time
from feedback_bot.db import utcnow
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit, open_days


@click.group("open-days")
def open_days_group() -> None:
    """Manage Open Days at the stations."""


@open_days_group.command("create")
@click.option("--station", "station_code", required=True, metavar="CODE", help="Station code.")
@click.option("--starts", required=True, metavar="ISO", help="Start; without offset, local time.")
@click.option("--ends", required=True, metavar="ISO", help="End; without offset, local time.")
@click.option("--capacity", required=True, type=int, metavar="N", help="Places available.")
@click.option("--title-en", help="Title in English (40 characters at most).")
@click.option("--title-ar", help="Title in Arabic.")
@click.option("--title-ckb", help="Title in Sorani Kurdish.")
@click.option("--title-kmr", help="Title in Kurmanji Kurdish.")
@with_appcontext
def create_command(
    station_code: str,
    starts: str,
    ends: str,
    capacity: int,
    title_en: str | None,
    title_ar: str | None,
    title_ckb: str | None,
    title_kmr: str | None,
) -> None:
    """Create an Open Day; prints its id alone on the last line."""
    runtime = get_runtime()
    zone = runtime.config["TIMEZONE"]
    starts_at = parse_time(starts, zone, "--starts")
    ends_at = parse_time(ends, zone, "--ends")
    titles = {"en": title_en, "ar": title_ar, "ckb": title_ckb, "kmr": title_kmr}
    open_day_id = open_days.create_open_day(
        runtime,
        station_code=station_code,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        titles=titles,
        now=utcnow(),
    )
    local = ZoneInfo(zone)
    click.echo(
        f"Open Day at {station_code.upper()}: {starts_at.astimezone(local):%Y-%m-%d %H:%M}"
        f"–{ends_at.astimezone(local):%H:%M} {zone}, {capacity} places."
    )
    click.echo(open_day_id)


@open_days_group.command("list")
@click.option("--station", "station_code", metavar="CODE", help="Only this station.")
@with_appcontext
def list_command(station_code: str | None) -> None:
    """List Open Days by start (local time) with places taken, waitlist and attendance."""
    runtime = get_runtime()
    local = ZoneInfo(runtime.config["TIMEZONE"])
    now = utcnow()
    listings = open_days.list_open_days(runtime, station_code=station_code)
    click.echo("id\tstation\tstarts\tends\tcapacity\tregistered\twaitlisted\tattended\tstatus")
    for item in listings:
        open_day = item.open_day
        click.echo(
            f"{open_day.id}\t{item.station_code}\t"
            f"{open_day.starts_at.astimezone(local):%Y-%m-%d %H:%M}\t"
            f"{open_day.ends_at.astimezone(local):%Y-%m-%d %H:%M}\t{open_day.capacity}\t"
            f"{item.registered}\t{item.waitlisted}\t{item.attended}\t{item.state(now)}"
        )


@open_days_group.command("cancel")
@click.argument("open_day_id", metavar="ID", type=int)
@with_appcontext
def cancel_command(open_day_id: int) -> None:
    """Cancel Open Day ID; everyone registered or waitlisted is told."""
    told = open_days.cancel_open_day(get_runtime(), open_day_id, now=utcnow())
    click.echo(f"Open Day {open_day_id} cancelled; {told} registrants will be told.")


@open_days_group.command("attend")
@click.argument("code", metavar="REGISTRATION_CODE")
@with_appcontext
def attend_command(code: str) -> None:
    """Mark the holder of REGISTRATION_CODE (any case) as attended."""
    attended = open_days.mark_attended(get_runtime(), code, now=utcnow(), actor=audit.cli_actor())
    open_day_id, normalised = attended.open_day_id, attended.code
    click.echo(
        f"Attendance recorded for {normalised} (Open Day {open_day_id}); "
        "the post-event poll goes the day after."
    )


commands = [open_days_group]
