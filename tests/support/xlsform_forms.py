"""Small XLSForm workbooks written with openpyxl, as an author would save them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

LABELS = [
    "label::Arabic (ar)",
    "label::Sorani (ckb)",
    "label::Kurmanji (kmr)",
    "label::English (en)",
]


def labels(en: str) -> list[str]:
    """Four labels; the others are marked copies of the English (the reader checks presence)."""
    return [f"ar {en}", f"ckb {en}", f"kmr {en}", en]


def good_survey() -> list[list[object]]:
    return [
        [
            "type",
            "name",
            *LABELS,
            "required",
            "relevant",
            "constraint",
            "fb_indicator",
            "fb_positive",
        ],
        [
            "select_one yes_no",
            "knows",
            *labels("Do you know where to get help?"),
            "yes",
            None,
            None,
            "knows_help",
            "1",
        ],
        [
            "select_multiple places",
            "places",
            *labels("Which places?"),
            "yes",
            "${knows}='1'",
            None,
            None,
            None,
        ],
        ["integer", "times", *labels("How many times?"), None, None, ".>=0 and .<=50", None, None],
        ["note", "thanks", *labels("Thank you"), None, None, None, None, None],
    ]


def good_choices() -> list[list[object]]:
    return [
        ["list_name", "name", *LABELS],
        ["yes_no", 1, *labels("yes")],
        ["yes_no", 2, *labels("no")],
        ["places", 1, *labels("police")],
        ["places", 2, *labels("health centre")],
    ]


def good_settings() -> list[list[object]]:
    return [
        ["form_id", "version", "default_language", "form_title"],
        ["help", 3, "English (en)", "Help"],
    ]


def write_form(
    path: Path,
    survey: list[list[object]] | None = None,
    choices: list[list[object]] | None = None,
    settings: list[list[object]] | None = None,
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> Path:
    """An .xlsx with the given sheets (None: leave the sheet out)."""
    book = Workbook()
    book.remove(book.active)
    sheets = {"survey": survey, "choices": choices, "settings": settings, **(extra_sheets or {})}
    for name, rows in sheets.items():
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
