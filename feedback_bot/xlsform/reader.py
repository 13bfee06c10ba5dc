"""Read an XLSForm into a :class:`PollDefinition`, or say everything that is wrong with it.

pyxform (the XLSForm project's own library) reads the workbook; this module checks
the product's subset row by row and reports every problem at once, each with its
sheet, row and column. A form that passes is finally given to pyxform's own
converter, so what is accepted here is also a valid XLSForm for KoBoToolbox or ODK.
SMS and WhatsApp length limits are the linter's (``polls lint``), not this reader's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData

from feedback_bot.i18n import LANGUAGES
from feedback_bot.xlsform import columns as cols
from feedback_bot.xlsform.definition import PollDefinition, Texts
from feedback_bot.xlsform.fit import FormRows, fit_problems
from feedback_bot.xlsform.sheets import FormError, FormErrors, Sheet, read_workbook
from feedback_bot.xlsform.survey import SurveyReader

POLL_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
UNSUPPORTED_SHEETS = ("external_choices", "entities", "osm")


def read_xlsform(
    source: Path | str | bytes | BinaryIO, stations: Mapping[str, str] | None = None
) -> PollDefinition:
    """The definition in an .xlsx; :class:`FormErrors` with every problem otherwise."""
    definition, errors = check_xlsform(source, stations)
    if definition is None:
        raise FormErrors(errors)
    return definition


def check_xlsform(
    source: Path | str | bytes | BinaryIO, stations: Mapping[str, str] | None = None
) -> tuple[PollDefinition | None, list[FormError]]:
    """(definition, []) for a good form; (None, every problem) for any other.

    With ``stations`` (the longest station name per language), a form whose prompts
    do not fit 2 SMS segments or whose options exceed WhatsApp's limits is refused too.
    """
    try:
        book = read_workbook(source)
    except FormErrors as err:
        return None, err.errors
    errors: list[FormError] = [
        FormError(name, None, None, f"the {name} sheet is not supported")
        for name in UNSUPPORTED_SHEETS
        if book.get(name) or book.get(f"{name}_header")
    ]
    survey = Sheet("survey", book, cols.SURVEY_PLAIN, cols.SURVEY_TRANSLATED, errors)
    choices = Sheet("choices", book, cols.CHOICES_PLAIN, cols.CHOICES_TRANSLATED, errors)
    settings = Sheet("settings", book, cols.SETTINGS_PLAIN, cols.SETTINGS_TRANSLATED, errors)
    poll_id, version, default_language, title = _settings(settings)
    reader = SurveyReader(survey, choices)
    questions = reader.questions()
    if stations is not None:
        rows = FormRows(reader.question_rows, reader.choice_rows)
        errors += fit_problems(questions, stations, rows)
    if errors:
        order = {"survey": 0, "choices": 1, "settings": 2}
        errors.sort(key=lambda e: (order.get(e.sheet or "", -1), e.row or 0))
        return None, errors
    definition = PollDefinition(
        id=poll_id,
        version=version,
        questions=questions,
        title=title,
        default_language=default_language,
    )
    try:
        workbook_to_json(DefinitionData(**book), form_name=poll_id, warnings=[])
    except PyXFormError as err:
        return None, [FormError(None, None, None, f"pyxform refuses the form: {err}")]
    return definition, []


def _settings(sheet: Sheet) -> tuple[str, int, str, Texts]:
    """form_id, version, default_language and titles from the first settings row."""
    if not sheet.present:
        sheet.error(None, None, "the settings sheet is missing; it needs form_id and version")
        return "", 0, "en", Texts()
    rows = list(sheet.numbered())
    row_number, row = rows[0] if rows else (2, {})
    for extra, _ in rows[1:]:
        sheet.error(extra, None, "settings take one row only")

    poll_id = sheet.cell(row, "form_id") or ""
    if not poll_id:
        sheet.error(row_number, "form_id", "form_id (the poll id) is missing")
    elif not POLL_ID.match(poll_id):
        sheet.error(
            row_number,
            "form_id",
            f"{poll_id!r} is not a poll id: lower-case letters, digits and _, "
            "starting with a letter",
        )

    raw_version = sheet.cell(row, "version") or ""
    version = int(raw_version) if raw_version.isdigit() and raw_version.isascii() else 0
    if version < 1:
        sheet.error(
            row_number, "version", f"version must be a whole number from 1, not {raw_version!r}"
        )

    default_language = "en"
    raw_language = sheet.cell(row, "default_language")
    if raw_language is not None:
        parsed = cols.parse_language(raw_language)
        if parsed is None:
            sheet.error(
                row_number,
                "default_language",
                f"{raw_language!r} is not one of {', '.join(cols.language_setting(code) for code in LANGUAGES)}",
            )
        else:
            default_language = parsed

    titles = sheet.texts(row, "form_title")
    plain_title = sheet.cell(row, "form_title")
    if plain_title is not None:
        if titles.get(default_language, plain_title) != plain_title:
            sheet.error(
                row_number,
                "form_title",
                f"form_title differs from {sheet.column('form_title', default_language)}",
            )
        titles.setdefault(default_language, plain_title)
    return poll_id, version, default_language, Texts(titles)
