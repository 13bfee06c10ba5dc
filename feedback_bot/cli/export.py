"""``feedback-bot export``: CSV files for analysts (answers and the codebook)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click
from flask.cli import with_appcontext

from feedback_bot.errors import UserError
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit, export


@click.group("export")
def export_group() -> None:
    """Export answers and the codebook as CSV."""


@export_group.command("answers")
@click.option("--out", "out", required=True, help="File to write, or - for standard output.")
@click.option("--format", "fmt", type=click.Choice(["long", "wide"]), default="long")
@click.option("--station", default=None, help="Only this station's responses (its code).")
@click.option("--since", default=None, help="First local day (YYYY-MM-DD) of response start.")
@click.option("--until", default=None, help="Last local day (YYYY-MM-DD), included.")
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for Excel).")
@with_appcontext
def answers(out: str, fmt: str, station: str | None, since: str | None, until: str | None,
            bom: bool) -> None:  # fmt: skip
    """Every answer, one row each (long) or one row per response (wide).

    --since and --until are days in the local TIMEZONE, both included, applied to
    when the response started. Timestamps in the file are ISO 8601 in UTC (+00:00).
    The status column is the answer's status in the long form and the response's
    status in the wide form. See `feedback-bot export codebook` for every column.
    """
    runtime = get_runtime()
    request = export.parse_request(format=fmt, station=station, since=since, until=until, bom=bom)
    prepared = export.prepare_answers(runtime, request)
    unit = "responses" if fmt == "wide" else "answers"
    counted = audit.RowCount()

    def progress(count: int, finished: bool) -> None:
        counted(count, finished)
        if finished:
            target = "standard output" if out == "-" else out
            click.echo(f"Exported {count:,} {unit} to {target}.", err=True)
        else:
            click.echo(f"{count:,} {unit} written…", err=True)

    chunks = export.answers_csv(runtime, prepared, on_progress=progress)
    details = audit.export_details(request)
    _write(
        out, audit.audited(runtime, chunks, audit.cli_actor(), "export.answers", details, counted)
    )


@export_group.command("codebook")
@click.option("--out", "out", required=True, help="File to write, or - for standard output.")
@click.option("--bom", is_flag=True, help="Start with a UTF-8 byte-order mark (for Excel).")
@with_appcontext
def codebook_command(out: str, bom: bool) -> None:
    """Polls, questions and answer codes in every language, indicators and profile codes."""
    chunks = export.codebook_csv(bom=bom)
    details = {"format": "csv", "bom": bom}
    _write(out, audit.audited(get_runtime(), chunks, audit.cli_actor(), "export.codebook", details))
    target = "standard output" if out == "-" else out
    click.echo(f"Codebook written to {target}.", err=True)


def _write(out: str, chunks: Iterable[str]) -> None:
    """Write CSV pieces to OUT (``-`` is standard output).

    A file is written beside its destination and renamed at the end, so a failed
    export never leaves a truncated file under the expected name.
    """
    if out == "-":
        # Bytes, so the output is UTF-8 whatever the terminal's locale says.
        stream = sys.stdout.buffer
        for chunk in chunks:
            stream.write(chunk.encode("utf-8"))
        stream.flush()
        return
    path = Path(out)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name such as {path / 'answers.csv'}.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.")
    try:
        # Readable by its owner only: the file holds survey answers.
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise UserError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


commands = [export_group]
