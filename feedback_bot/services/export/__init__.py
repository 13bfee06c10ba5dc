"""Exports for analysts: the answers (long or wide CSV) and the codebook.

Use cases (each takes the runtime and owns its session for as long as it streams):

- ``parse_request``: check what was asked (format, station, dates, BOM) before any query;
- ``prepare_answers``: resolve the request against the database (a ``UserError`` here);
- ``answers_csv``: the CSV in pieces (PostgreSQL writes it with COPY, byte for byte the same);
- ``codebook_csv``: every variable and code, in the four languages.

Inside: ``query`` and ``pg_copy`` read the rows, ``cells`` holds every cell rule (Python and
SQL side by side), ``filters``, ``polls`` and ``codebook``.
"""

from feedback_bot.services.export.answers import AnswersExport, answers_csv, prepare_answers
from feedback_bot.services.export.codebook import FILENAME as CODEBOOK_FILENAME
from feedback_bot.services.export.codebook import codebook_csv
from feedback_bot.services.export.filters import ExportRequest, parse_request

__all__ = [
    "CODEBOOK_FILENAME",
    "AnswersExport",
    "ExportRequest",
    "answers_csv",
    "codebook_csv",
    "parse_request",
    "prepare_answers",
]
