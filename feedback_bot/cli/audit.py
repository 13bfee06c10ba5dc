"""``feedback-bot audit list|verify``: read the audit log and check its hash chain."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext

from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit


@click.group("audit")
def audit_group() -> None:
    """The audit log: who signed in, exported, changed accounts, erased, purged."""


@audit_group.command("list")
@click.option("--since", metavar="DATE", help="From this local day (YYYY-MM-DD).")
@click.option("--actor", metavar="NAME", help="Only this actor (a user name, resident, worker).")
@click.option("--action", metavar="NAME", help="Only this action, or family (export).")
@with_appcontext
def list_command(since: str | None, actor: str | None, action: str | None) -> None:
    """Entries oldest first: number, local time, actor, source, action, target, details."""
    runtime = get_runtime()
    filters = audit.parse_filters(since=since, actor=actor, action=action)
    zone = ZoneInfo(runtime.config["TIMEZONE"])
    shown = 0
    for entry in audit.iter_entries(runtime, filters):
        details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True)
        click.echo(
            f"#{entry.seq}\t{entry.at.astimezone(zone):%Y-%m-%d %H:%M:%S%z}\t{entry.actor}\t"
            f"{entry.source}\t{entry.action}\t{entry.target or '-'}\t{details}"
        )
        shown += 1
    click.echo(f"{shown} entries.", err=True)


@audit_group.command("verify")
@with_appcontext
def verify_command() -> None:
    """Check the hash chain; exit 1 if any entry was edited, removed or moved."""
    report = audit.verify(get_runtime())
    if not report.intact:
        for problem in report.problems:
            click.echo(problem, err=True)
        raise click.exceptions.Exit(1)
    click.echo(
        f"Audit log intact: {report.entries} entries; the newest is #{report.head_seq} "
        f"with hash {report.head_hash}."
    )


commands = [audit_group]
