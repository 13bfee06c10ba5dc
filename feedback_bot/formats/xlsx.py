"""Exports as one Excel workbook (sheets ``answers``, ``responses``, ``codebook``), streamed.

XlsxWriter in ``constant_memory`` mode writes each row to disk as it comes, with
strings inline, so memory stays flat however many rows (openpyxl's write-only mode
keeps every distinct string in memory until the end). Cells are formula-safe by the
CSV's own rule (``services.export.cells.neutralise``: a leading quote before ``=``, ``+``,
``-``, ``@``, tab or carriage return), and XlsxWriter is told never to turn text into
formulas, numbers or links. Numbers stay numbers; a missing cell stays empty.

A sheet holds at most 1,048,576 rows (Excel's limit): the rows that do not fit go on
``<name>_2``, ``<name>_3``… each with the header again.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import IO, Any

import xlsxwriter

from feedback_bot.formats.files import replaced_on_success
from feedback_bot.formats.variables import Variable, chosen_codes, is_missing
from feedback_bot.services.export.cells import neutralise, safe_text

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CHARS = 32_767
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its header and rows (cells in header order).

    Cells in the ``free_text`` columns are what residents typed: phone numbers are
    masked there too, as in the CSV. A select_multiple cell may be a collection of
    codes; it is written "1 3".
    """

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    free_text: Collection[str] = field(default=())

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 28 or _BAD_SHEET_NAME.search(self.name):
            raise ValueError(f"{self.name!r} cannot name a sheet")
        unknown = set(self.free_text) - set(self.header)
        if unknown:
            raise ValueError(f"free_text names columns not in the header: {sorted(unknown)}")


def wide_sheet(name: str, variables: Sequence[Variable], rows: Iterable[Sequence[Any]]) -> Sheet:
    """The wide rows that the .sav/.dta writers take, as a sheet with the wide CSV's columns."""
    return Sheet(
        name,
        [variable.name for variable in variables],
        rows,
        free_text=[v.name for v in variables if v.kind == "free_text"],
    )


def write_xlsx(
    target: str | PathLike[str] | IO[bytes],
    sheets: Iterable[Sheet],
    *,
    max_rows: int = EXCEL_MAX_ROWS,
) -> dict[str, int]:
    """Write the sheets in order to a path or a binary file; returns the data rows per sheet.

    To a path, the workbook appears only once whole: a bad row raises ValueError and
    leaves no file there (and any earlier one untouched).
    """
    if max_rows < 2:
        raise ValueError("a sheet needs room for its header and a row")
    if isinstance(target, str | PathLike):
        with replaced_on_success(target) as partial:
            return _write_workbook(partial, sheets, max_rows)
    return _write_workbook(target, sheets, max_rows)


def _write_workbook(target: Any, sheets: Iterable[Sheet], max_rows: int) -> dict[str, int]:
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    counts: dict[str, int] = {}
    try:
        bold = workbook.add_format({"bold": True})
        for sheet in sheets:
            counts[sheet.name] = _write_sheet(workbook, sheet, bold, max_rows)
    finally:
        workbook.close()
    return counts


def _write_sheet(workbook: Any, sheet: Sheet, bold: Any, max_rows: int) -> int:
    header = list(sheet.header)
    free_columns = set(sheet.free_text)
    free = [column in free_columns for column in header]
    part = 1
    worksheet = _new_worksheet(workbook, sheet.name, header, bold)
    line = 1
    count = 0
    width = len(header)
    for row in sheet.rows:
        if len(row) != width:
            raise ValueError(f"sheet {sheet.name}: a row has {len(row)} cells for {width} columns")
        if line == max_rows:
            part += 1
            worksheet = _new_worksheet(workbook, f"{sheet.name}_{part}", header, bold)
            line = 1
        _write_row(worksheet, line, row, free)
        line += 1
        count += 1
    return count


def _write_row(worksheet: Any, line: int, row: Sequence[Any], free: list[bool]) -> None:
    """One row, each cell with the writer's own method for its type (no type guessing)."""
    write_number, write_string = worksheet.write_number, worksheet.write_string
    for column, value in enumerate(row):
        kind = type(value)
        if kind is int:
            write_number(line, column, value)
        elif kind is str:
            if value:
                text = safe_text(value) if free[column] else neutralise(value)
                write_string(line, column, text[:EXCEL_MAX_CHARS])
        elif value is not None:
            cell = _cell(value, free[column])
            if isinstance(cell, str):
                write_string(line, column, cell)
            elif cell is not None:
                write_number(line, column, cell)


def _new_worksheet(workbook: Any, name: str, header: list[str], bold: Any) -> Any:
    worksheet = workbook.add_worksheet(name)
    worksheet.freeze_panes(1, 0)
    worksheet.write_row(0, 0, [neutralise(column) for column in header], bold)
    return worksheet


def _cell(value: Any, free_text: bool) -> Any:
    """A cell as XlsxWriter should write it: None for empty, a number, or safe text."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, str):
        text = safe_text(value) if free_text else neutralise(value)
    elif isinstance(value, dt.datetime | dt.date):
        text = value.isoformat()
    elif isinstance(value, Collection):
        text = " ".join(str(code) for code in sorted(chosen_codes(value)))
    else:
        text = neutralise(str(value))
    return text[:EXCEL_MAX_CHARS]
