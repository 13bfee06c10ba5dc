"""Labelled files for analysts: SPSS ``.sav``, Stata ``.dta`` and Excel ``.xlsx``.

The writers take plain Python data (no database): the wide table as
:class:`Variable` descriptions plus an iterable of rows, and for Excel a list of
:class:`Sheet`. ``docs/exports.md`` shows an analyst how to open each file.
"""

from feedback_bot.formats.labelled import write_dta, write_sav
from feedback_bot.formats.names import Column, columns
from feedback_bot.formats.questions import question_variable, question_variables
from feedback_bot.formats.variables import KINDS, Choice, Variable
from feedback_bot.formats.xlsx import EXCEL_MAX_ROWS, Sheet, wide_sheet, write_xlsx

__all__ = [
    "EXCEL_MAX_ROWS",
    "KINDS",
    "Choice",
    "Column",
    "Sheet",
    "Variable",
    "columns",
    "question_variable",
    "question_variables",
    "wide_sheet",
    "write_dta",
    "write_sav",
    "write_xlsx",
]
