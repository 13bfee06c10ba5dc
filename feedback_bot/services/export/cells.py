"""CSV writing for exports: formula-safe cells, phone numbers masked, output in chunks."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

BOM = "\ufeff"
# OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text is handed on in pieces of about this many characters, not one piece per row.
CHUNK_CHARS = 64 * 1024

# A run of nine or more digits (ASCII, Arabic-Indic or Persian), optionally broken by
# spaces, dots, dashes or brackets and led by + or 00: how people write a phone number.
_PHONE_LIKE = re.compile(r"\+?[0-9٠-٩۰-۹](?:[\s.\-()]*[0-9٠-٩۰-۹]){8,}")
PHONE_MASK = "[number removed]"


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading quote.

    Numbers, None and harmless text come back unchanged, so codes stay numeric.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_text(text: str | None) -> str:
    """Free text as an export cell: phone numbers masked, formulas neutralised, None empty."""
    if not text:
        return ""
    return neutralise(_PHONE_LIKE.sub(PHONE_MASK, text))


def mask_phone_numbers(text: str | None) -> str | None:
    """Free text with anything that looks like a phone number replaced by a marker."""
    if not text:
        return text
    return _PHONE_LIKE.sub(PHONE_MASK, text)


def csv_line(cells: Sequence[Any]) -> str:
    """One CSV row as the export's writer writes it (for a header written apart)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> Iterator[str]:
    """The header and rows as CSV text in ~64 KB pieces, every text cell neutralised.

    Rows are consumed lazily: nothing is collected beyond the piece being filled.
    """
    safe_rows = ([neutralise(cell) for cell in row] for row in rows)
    return safe_batches_csv(header, ((row,) for row in safe_rows), bom=bom)


def safe_batches_csv(
    header: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], *, bom: bool = False
) -> Iterator[str]:
    """Like :func:`csv_chunks` for batches of rows whose cells the caller made safe already.

    The big exports neutralise per column and hand rows over a batch at a time,
    which is several times faster than row by row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow(header)
    for batch in batches:
        writer.writerows(batch)
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
