"""The wide table as SPSS ``.sav`` and Stata ``.dta`` files, with labels, via pyreadstat.

- Variable labels are the question text (or what an id column holds), value labels
  the answer labels, both in the chosen language (English where one is missing).
- Answer codes stay numeric; a missing cell (unanswered, skipped, never asked) is
  system-missing; text columns have no missing value, so theirs is empty.
- Each select_multiple question becomes one 0/1 variable per choice, labelled
  "question: choice"; all of them are missing when the question was not answered.
- Timestamps become SPSS DATETIME / Stata %tc values in UTC.
- Labels are cut, on a character, to what the format holds (Stata: 80 characters a
  variable label; SPSS: 256 bytes a variable label, 120 bytes a value label), with
  "…" where cut.
- Nothing is written until every row has been read: a bad cell raises ValueError
  and leaves no file (and any earlier file at that path untouched).

Memory: pyreadstat writes from a whole data frame, so the table is held in memory
while it is written, one response a row. Cells are gathered column by column into
typed arrays (8 bytes a number) and repeated text is shared, which keeps that to
roughly the size of the data itself; docs/benchmarks.md has the measured figures.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat

from feedback_bot.formats import names
from feedback_bot.formats.files import replaced_on_success
from feedback_bot.formats.variables import (
    Variable,
    check_language,
    chosen_codes,
    is_missing,
    label_in,
)
from feedback_bot.services.export.cells import safe_text

ELLIPSIS = "…"
# Text values repeat (station, channel, status…): up to this many distinct ones per
# column are shared rather than kept once per row.
SHARED_TEXTS = 4096


@dataclass(frozen=True)
class _Limits:
    variable_label_chars: int | None
    variable_label_bytes: int | None
    value_label_bytes: int | None
    number_format: str
    code_format: str


SAV = _Limits(None, 256, 120, number_format="F12.0", code_format="F8.0")
DTA = _Limits(80, None, 32000, number_format="%12.0g", code_format="%8.0g")


def write_sav(
    path: str | PathLike[str],
    variables: Sequence[Variable],
    rows: Iterable[Sequence[Any]],
    *,
    language: str = "en",
    file_label: str = "",
) -> int:
    """Write the wide rows (cells in ``variables`` order) as a .sav file; returns the row count."""
    frame, meta = _table(variables, rows, check_language(language), SAV)
    with replaced_on_success(path) as partial:
        pyreadstat.write_sav(
            frame,
            partial,
            file_label=_fit(file_label, None, 64),
            column_labels=meta.variable_labels,
            variable_value_labels=meta.value_labels,
            variable_measure=meta.measures,
            variable_format=meta.formats,
        )
    return len(frame)


def write_dta(
    path: str | PathLike[str],
    variables: Sequence[Variable],
    rows: Iterable[Sequence[Any]],
    *,
    language: str = "en",
    file_label: str = "",
) -> int:
    """Write the wide rows as a Stata .dta file (format 118, Stata 14 and later, UTF-8)."""
    frame, meta = _table(variables, rows, check_language(language), DTA)
    with replaced_on_success(path) as partial:
        pyreadstat.write_dta(
            frame,
            partial,
            file_label=_fit(file_label, 80, None),
            column_labels=meta.variable_labels,
            variable_value_labels=meta.value_labels,
            variable_format=meta.formats,
            version=14,
        )
    return len(frame)


@dataclass(frozen=True)
class _Meta:
    variable_labels: dict[str, str]
    value_labels: dict[str, dict[int, str]]
    measures: dict[str, str]
    formats: dict[str, str]


def _table(
    variables: Sequence[Variable], rows: Iterable[Sequence[Any]], language: str, limits: _Limits
) -> tuple[pd.DataFrame, _Meta]:
    columns = names.columns(variables)
    sinks = [_sink(column) for column in columns]
    # Which sinks read which cell of a row: a select_multiple cell feeds several.
    feeds: list[list[Callable[[Any], None]]] = [[] for _ in variables]
    for column, sink in zip(columns, sinks, strict=True):
        feeds[column.position].append(sink.add)
    plan = list(enumerate(feeds))
    width = len(variables)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row has {len(row)} cells for {width} variables")
        for position, targets in plan:
            cell = row[position]
            for add in targets:
                add(cell)
    frame = pd.DataFrame(
        {column.name: sink.values() for column, sink in zip(columns, sinks, strict=True)}
    )
    return frame, _meta(columns, language, limits)


def _meta(columns: list[names.Column], language: str, limits: _Limits) -> _Meta:
    variable_labels: dict[str, str] = {}
    value_labels: dict[str, dict[int, str]] = {}
    measures: dict[str, str] = {}
    formats: dict[str, str] = {}
    for column in columns:
        variable = column.variable
        text = variable.label(language)
        if column.code is not None:
            choice = next(c for c in variable.choices if c.code == column.code)
            suffix = ": " + label_in(choice.labels, language)
            variable_labels[column.name] = _fit_prefix(text, suffix, limits)
            measures[column.name] = "nominal"
            formats[column.name] = limits.code_format
            continue
        variable_labels[column.name] = _fit(
            text, limits.variable_label_chars, limits.variable_label_bytes
        )
        if variable.kind == "select_one":
            measures[column.name] = "nominal"
            formats[column.name] = limits.code_format
            if variable.choices:
                value_labels[column.name] = {
                    choice.code: _fit(
                        label_in(choice.labels, language), None, limits.value_label_bytes
                    )
                    for choice in variable.choices
                }
        elif variable.kind == "number":
            measures[column.name] = "scale"
            formats[column.name] = limits.number_format
        elif variable.kind in ("text", "free_text"):
            measures[column.name] = "nominal"
    return _Meta(variable_labels, value_labels, measures, formats)


def _fit(text: str, max_chars: int | None, max_bytes: int | None) -> str:
    """``text`` cut on a character to at most ``max_chars`` and ``max_bytes``, "…" where cut."""
    if _fits(text, max_chars, max_bytes):
        return text
    cut = text
    while cut and not _fits(cut.rstrip() + ELLIPSIS, max_chars, max_bytes):
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def _fit_prefix(text: str, suffix: str, limits: _Limits) -> str:
    """``text + suffix`` within the limits, cutting the text so the suffix (the choice) stays."""
    chars, size = limits.variable_label_chars, limits.variable_label_bytes
    whole = text + suffix
    if _fits(whole, chars, size):
        return whole
    room_chars = None if chars is None else chars - len(suffix)
    room_bytes = None if size is None else size - len(suffix.encode("utf-8"))
    if (room_chars is not None and room_chars < 2) or (room_bytes is not None and room_bytes < 4):
        return _fit(whole, chars, size)
    return _fit(text, room_chars, room_bytes) + suffix


def _fits(text: str, max_chars: int | None, max_bytes: int | None) -> bool:
    if max_chars is not None and len(text) > max_chars:
        return False
    return max_bytes is None or len(text.encode("utf-8")) <= max_bytes


class _Numbers:
    """A numeric column: float64 cells, NaN (system-missing) where missing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = array("d")

    def add(self, cell: Any) -> None:
        if is_missing(cell):
            self.cells.append(math.nan)
            return
        if isinstance(cell, bool) or not isinstance(cell, int | float):
            try:
                cell = float(cell)
            except (TypeError, ValueError):
                raise ValueError(f"{self.name}: {cell!r} is not a number") from None
        self.cells.append(cell)

    def values(self) -> np.ndarray:
        return np.frombuffer(self.cells, dtype=np.float64) if self.cells else np.empty(0)


class _Chosen(_Numbers):
    """One choice of a select_multiple question: 1 chosen, 0 not, missing if unanswered."""

    def __init__(self, name: str, code: int) -> None:
        super().__init__(name)
        self.code = code

    def add(self, cell: Any) -> None:
        if is_missing(cell):
            self.cells.append(math.nan)
        else:
            self.cells.append(1.0 if self.code in chosen_codes(cell) else 0.0)


class _Times(_Numbers):
    """Timestamps as seconds since 1970 in UTC; a naive datetime is taken as UTC."""

    def add(self, cell: Any) -> None:
        if is_missing(cell):
            self.cells.append(math.nan)
            return
        moment = cell if isinstance(cell, dt.datetime) else dt.datetime.fromisoformat(cell)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        self.cells.append(moment.timestamp())

    def values(self) -> Any:
        seconds = super().values()
        # Whole microseconds, so that 09:00:00 stays 09:00:00 after the float round trip.
        micro = np.round(seconds * 1_000_000)
        return pd.to_datetime(micro, unit="us")


class _Texts:
    """A text column; missing is empty text; repeated values share one string."""

    def __init__(self, name: str, clean: Callable[[str], str] | None) -> None:
        self.name = name
        self.cells: list[str] = []
        self.shared: dict[str, str] = {}
        self.clean = clean

    def add(self, cell: Any) -> None:
        if is_missing(cell):
            self.cells.append("")
            return
        text = cell if isinstance(cell, str) else str(cell)
        if self.clean is not None:
            text = self.clean(text)
        shared = self.shared.get(text)
        if shared is None:
            shared = text
            if len(self.shared) < SHARED_TEXTS:
                self.shared[text] = text
        self.cells.append(shared)

    def values(self) -> list[str]:
        return self.cells


def _sink(column: names.Column) -> Any:
    kind = column.variable.kind
    if column.code is not None:
        return _Chosen(column.name, column.code)
    if kind in ("number", "select_one"):
        return _Numbers(column.name)
    if kind == "datetime":
        return _Times(column.name)
    return _Texts(column.name, safe_text if kind == "free_text" else None)
