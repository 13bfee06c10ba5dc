"""Every export cell rule, in each spelling it needs, side by side; and CSV output in chunks.

A rule is written here once in Python (the reference, and the only path on SQLite) and,
right beside it, as the database spells it: a SQLAlchemy expression for the queries
(``query``) and a psycopg fragment for PostgreSQL's COPY (``pg_copy``), which takes no
bind parameters. tests/integration/export/test_export_copy.py checks that COPY's output is
byte for byte the Python path's, in both legs of the suite.

- formula neutralisation: a text cell starting with a formula trigger gets a leading quote;
- phone masking: a run of nine or more digits written like a phone number is replaced;
- timestamps: ISO 8601 in UTC with an explicit ``+00:00``;
- empty text is an empty cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from psycopg import sql
from sqlalchemy import String, case, func, type_coerce

BOM = "\ufeff"
# OWASP CSV injection: a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text is handed on in pieces of about this many characters, not one piece per row.
CHUNK_CHARS = 64 * 1024

# A run of nine or more digits (ASCII, Arabic-Indic or Persian), optionally broken by
# spaces, dots, dashes or brackets and led by + or 00: how people write a phone number.
_PHONE_LIKE = re.compile(r"\+?[0-9٠-٩۰-۹](?:[\s.\-()]*[0-9٠-٩۰-۹]){8,}")
PHONE_MASK = "[number removed]"
# The same pattern in PostgreSQL's dialect: ``\s`` spelt out as the characters Python's
# ``\s`` matches in a str pattern (tested against ``re``).
_DIGIT = "0-9٠-٩۰-۹"
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
PHONE_PATTERN = rf"\+?[{_DIGIT}](?:[{_SPACE}.()-]*[{_DIGIT}]){{8,}}"

# ISO 8601 in UTC, as PostgreSQL's to_char and SQLite's strftime write it.
PG_ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'
SQLITE_ISO_UTC = "%Y-%m-%dT%H:%M:%S+00:00"


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
    return neutralise(mask_phone_numbers(text))


def mask_phone_numbers(text: str | None) -> str | None:
    """Free text with anything that looks like a phone number replaced by a marker."""
    if not text:
        return text
    return _PHONE_LIKE.sub(PHONE_MASK, text)


# --- the same rules as SQLAlchemy expressions (the export queries, both databases)


def iso_utc_expression(column: Any, dialect: str) -> Any:
    """The timestamp as ISO 8601 text in UTC, made by the database.

    Formatting in SQL spares Python a datetime per cell, the bulk of a big export's work.
    """
    if dialect == "postgresql":
        text = func.to_char(func.timezone("UTC", column), PG_ISO_UTC)
    else:
        # SQLite keeps UTCDateTime as naive UTC text.
        text = func.strftime(SQLITE_ISO_UTC, column)
    return type_coerce(text, String)


def neutralised_expression(column: Any) -> Any:
    """:func:`neutralise` by the database, for operator-typed text (codes, governorates)."""
    starts_a_formula = func.substr(column, 1, 1).in_(FORMULA_TRIGGERS)
    return case((starts_a_formula, "'" + column), else_=column)


# --- the same rules as psycopg fragments (COPY on PostgreSQL takes no bind parameters)


def copy_text(column: str) -> sql.Composable:
    """A text column whose empty string is an empty cell, as Python's csv writes it."""
    return sql.SQL("nullif({}, '')").format(sql.SQL(column))


def copy_iso(column: str) -> sql.Composable:
    """:func:`iso_utc_expression` on PostgreSQL (NULL stays NULL: an empty cell)."""
    return sql.SQL("to_char(timezone('UTC', {}), {})").format(
        sql.SQL(column), sql.Literal(PG_ISO_UTC)
    )


def copy_neutralised(column: str) -> sql.Composable:
    """:func:`neutralise`."""
    triggers = sql.SQL(", ").join(sql.Literal(t) for t in FORMULA_TRIGGERS)
    starts_a_formula = sql.SQL("left({}, 1) IN ({})").format(sql.SQL(column), triggers)
    return sql.SQL("CASE WHEN {} THEN '''' || {} ELSE nullif({}, '') END").format(
        starts_a_formula, sql.SQL(column), sql.SQL(column)
    )


def copy_masked(column: str) -> sql.Composable:
    """:func:`mask_phone_numbers`."""
    return sql.SQL("regexp_replace({}, {}, {}, 'g')").format(
        sql.SQL(column), sql.Literal(PHONE_PATTERN), sql.Literal(PHONE_MASK)
    )


def copy_safe_text(masked: str) -> sql.Composable:
    """:func:`safe_text`, given the text with phone numbers already masked."""
    return copy_neutralised(masked)


# --- CSV output


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
