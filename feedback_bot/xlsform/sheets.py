"""An XLSForm workbook read by pyxform, as sheets of rows that know their spreadsheet row."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict

from feedback_bot.xlsform.columns import Header, header, parse_header


@dataclass(frozen=True)
class FormError:
    """One problem of a form, where an author finds it: sheet, row, column."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                self.sheet,
                f"row {self.row}" if self.row is not None else None,
            )
            if part
        )
        if self.column:
            where = f"{where}, column {self.column}" if where else f"column {self.column}"
        return f"{where}: {self.message}" if where else self.message


class FormErrors(ValueError):
    """Every problem found in a form, in sheet and row order."""

    def __init__(self, errors: list[FormError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def read_workbook(source: Path | str | bytes | BinaryIO) -> dict:
    """pyxform's reading of an .xlsx: sheet name → rows of {header: text}, with headers."""
    if isinstance(source, Path | str):
        path = Path(source)
        if not path.is_file():
            raise FormErrors([FormError(None, None, None, f"no such file: {path.name}")])
        data = path.read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    if not data.startswith(b"PK"):
        raise FormErrors([FormError(None, None, None, "not an .xlsx workbook")])
    try:
        return xlsx_to_dict(io.BytesIO(data))
    except PyXFormError as err:
        message = str(err)
        if message.startswith("Error reading"):
            message = "not an .xlsx workbook (it could not be opened)"
        raise FormErrors([FormError(None, None, None, message)]) from err


class Sheet:
    """One sheet's rows; translated columns grouped by field and language."""

    def __init__(
        self,
        name: str,
        book: dict,
        plain: tuple[str, ...],
        translated: tuple[str, ...],
        errors: list[FormError],
    ) -> None:
        self.name = name
        self.rows: list[dict[str, str]] = list(book.get(name) or [])
        header_rows = book.get(f"{name}_header") or [{}]
        self.present = name in book
        self.errors = errors
        self.headers: dict[str, Header] = {}
        self.columns: dict[tuple[str, str | None], str] = {}
        for text in header_rows[0]:
            parsed = parse_header(text, plain, translated)
            used = any(text in row for row in self.rows)
            if parsed.problem is not None:
                if used:
                    self.error(1, text, parsed.problem)
                continue
            key = (parsed.field, parsed.language)
            if key in self.columns:
                self.error(1, text, f"a second column for the same thing as {self.columns[key]}")
                continue
            self.columns[key] = text
            self.headers[text] = parsed

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(FormError(self.name, row, column, message))

    def numbered(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(spreadsheet row, row) for every row that has something in a known column."""
        for index, row in enumerate(self.rows):
            if any(text in self.headers for text in row):
                yield index + 2, row

    def cell(self, row: dict[str, str], field: str, language: str | None = None) -> str | None:
        column = self.columns.get((field, language))
        return None if column is None else row.get(column)

    def column(self, field: str, language: str | None = None) -> str:
        """The header an error about ``field`` should name (as written, if present)."""
        default = header(field, language) if language else field
        return self.columns.get((field, language), default)

    def texts(self, row: dict[str, str], field: str) -> dict[str, str]:
        """The row's ``field`` in each language that has it."""
        return {
            lang: value
            for (name, lang), column in self.columns.items()
            if name == field and lang is not None and (value := row.get(column))
        }

    def has_field(self, field: str) -> bool:
        return any(name == field for name, _ in self.columns)
