"""``feedback-bot stations``: station set-up by operators."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from feedback_bot.errors import UserError
from feedback_bot.runtime import get_runtime
from feedback_bot.services import stations


@click.group("stations")
def stations_group() -> None:
    """Manage Model Police Stations."""


@stations_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_stations(file: Path) -> None:
    """Upsert stations from FILE.csv (code,governorate,name_ar,name_ckb,name_kmr,name_en)."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"No such file: {file}.") from None
    except UnicodeDecodeError:
        raise UserError(f"{file} is not UTF-8 text; save it as CSV UTF-8.") from None
    result = stations.import_stations(get_runtime(), text)
    click.echo(f"Stations: {result.created} created, {result.updated} updated.")


@stations_group.command("list")
@with_appcontext
def list_command() -> None:
    """List stations in menu order."""
    for station in stations.all_stations(get_runtime()):
        demo = " (demo)" if station.is_demo else ""
        click.echo(f"{station.code}\t{station.governorate}\t{station.name_en}{demo}")


commands = [stations_group]
