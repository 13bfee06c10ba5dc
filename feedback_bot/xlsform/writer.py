"""Write a :class:`PollDefinition` as an XLSForm (.xlsx) that reads back to the same definition.

The sheets are laid out for translators: one label column per language, the
English source last so it sits beside the other columns that are not texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from feedback_bot.i18n import LANGUAGES
from feedback_bot.xlsform.columns import header, language_setting
from feedback_bot.xlsform.definition import PollDefinition, Question

CELL_WIDTH = 28


def write_xlsform(definition: PollDefinition, target: Path | str | BinaryIO) -> None:
    """Save ``definition`` as an .xlsx at ``target`` (a path or a binary file object)."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    _survey(survey, definition)
    _choices(book.create_sheet("choices"), definition)
    _settings(book.create_sheet("settings"), definition)
    book.save(target)


def _put(sheet: Worksheet, rows: list[list[object]]) -> None:
    """Rows as values; every text stays text (a label starting with '=' is no formula)."""
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if r == 1:
                cell.font = Font(bold=True)
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c in range(1, len(rows[0]) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = CELL_WIDTH
    sheet.freeze_panes = "A2"


def _codes(codes: tuple[int, ...]) -> str | None:
    return " ".join(str(code) for code in codes) or None


def _survey(sheet: Worksheet, definition: PollDefinition) -> None:
    columns = ["type", "name"]
    columns += [header("label", lang) for lang in LANGUAGES]
    columns += [header("hint", lang) for lang in LANGUAGES]
    columns += ["required", "relevant", "constraint"]
    columns += [header("constraint_message", lang) for lang in LANGUAGES]
    columns += ["fb_indicator", "fb_positive", "fb_excluded"]
    rows: list[list[object]] = [columns]
    for q in definition.questions:
        rows.append(_question_row(q))
    _put(sheet, rows)


def _question_row(q: Question) -> list[object]:
    kind = f"{q.type} {q.list_name}" if q.list_name else q.type
    row: list[object] = [kind, q.id]
    row += [q.label.get(lang) for lang in LANGUAGES]
    row += [q.hint.get(lang) for lang in LANGUAGES]
    row += ["yes" if q.required else None, q.relevant, q.constraint]
    row += [q.constraint_message.get(lang) for lang in LANGUAGES]
    indicator = q.indicator
    if indicator is None:
        row += [None, None, None]
    else:
        row += [indicator.name, _codes(indicator.positive), _codes(indicator.excluded)]
    return row


def _choices(sheet: Worksheet, definition: PollDefinition) -> None:
    rows: list[list[object]] = [
        ["list_name", "name"] + [header("label", lang) for lang in LANGUAGES]
    ]
    for list_name, choices in definition.choice_lists.items():
        for choice in choices:
            rows.append([list_name, choice.code] + [choice.label.get(lang) for lang in LANGUAGES])
    _put(sheet, rows)


def _settings(sheet: Worksheet, definition: PollDefinition) -> None:
    default = definition.default_language
    others = [lang for lang in LANGUAGES if lang != default and lang in definition.title]
    columns = ["form_id", "version", "default_language", "form_title"]
    columns += [header("form_title", lang) for lang in others]
    values: list[object] = [
        definition.id,
        definition.version,
        language_setting(default),
        definition.title.get(default),
    ]
    values += [definition.title[lang] for lang in others]
    _put(sheet, [columns, values])
