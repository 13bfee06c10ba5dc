"""The survey and choices sheets, checked row by row into questions.

Every problem is reported (on the sheet's error list) and reading goes on, so an
author sees them all at once. Questions are only returned whole when nothing is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedback_bot.i18n import LANGUAGES
from feedback_bot.xlsform import expressions as ex
from feedback_bot.xlsform.definition import PLACEHOLDERS, Choice, Indicator, Question, Texts
from feedback_bot.xlsform.sheets import Sheet

# Question ids become export columns (a select_multiple adds "_<code>"; Stata allows 32).
QUESTION_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,27}$")
INDICATOR_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
EXPORT_COLUMNS = frozenset(
    [
        "response_id",
        "respondent_id",
        "wave",
        "poll_id",
        "poll_version",
        "station_code",
        "governorate",
        "channel",
        "language",
        "gender",
        "age_band",
        "question_id",
        "answer_code",
        "answer_label_en",
        "answer_text",
        "started_at",
        "answered_at",
        "completed_at",
        "status",
        "source",
    ]
)
SIMPLE_TYPES = ("integer", "text", "note")
YES = frozenset({"yes", "true", "true()", "1"})
NO = frozenset({"no", "false", "false()", "0"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class _Row:
    """A survey row as read so far (its number, for messages about it later)."""

    number: int
    name: str
    type: str
    codes: tuple[int, ...] = ()


class SurveyReader:
    def __init__(self, survey: Sheet, choices: Sheet) -> None:
        self.survey = survey
        self.choices = choices
        self.lists: dict[str, tuple[Choice, ...]] = {}
        self.indicator_rows: dict[str, int] = {}
        self.question_rows: dict[str, int] = {}
        self.choice_rows: dict[tuple[str, int], int] = {}

    def questions(self) -> tuple[Question, ...]:
        self.lists = self._choice_lists()
        if not self.survey.present:
            self.survey.error(None, None, "the survey sheet is missing")
            return ()
        rows = [(number, row) for number, row in self.survey.numbered()]
        names: dict[str, int] = {}
        for number, row in rows:
            name = self.survey.cell(row, "name")
            if name and name not in names:
                names[name] = number
        earlier: dict[str, _Row] = {}
        questions = []
        for number, row in rows:
            question = self._question(number, row, earlier, frozenset(names))
            if question is not None:
                questions.append(question)
        if not self.choices.present and any(
            r.type in ("select_one", "select_multiple") for r in earlier.values()
        ):
            self.choices.error(None, None, "the choices sheet is missing")
        if not any(q.answerable for q in questions) and not self.survey.errors:
            self.survey.error(None, None, "the survey has no question")
        return tuple(questions)

    # --- choices -----------------------------------------------------------------------

    def _choice_lists(self) -> dict[str, tuple[Choice, ...]]:
        sheet = self.choices
        lists: dict[str, list[Choice]] = {}
        seen: dict[tuple[str, int], int] = {}
        for number, row in sheet.numbered():
            list_name = sheet.cell(row, "list_name")
            raw = sheet.cell(row, "name")
            if not list_name:
                sheet.error(number, "list_name", "list_name is missing")
            code = None
            if raw is None:
                sheet.error(number, "name", "name (the answer code) is missing")
            elif not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
                sheet.error(number, "name", f"{raw!r} is not an answer code: a whole number from 1")
            else:
                code = int(raw)
            labels = self._texts(sheet, number, row, "label", required=True)
            if not list_name or code is None:
                continue
            first = seen.setdefault((list_name, code), number)
            if first != number:
                sheet.error(number, "name", f"code {code} is already in {list_name} (row {first})")
                continue
            lists.setdefault(list_name, []).append(Choice(code, labels))
            self.choice_rows[(list_name, code)] = number
        return {name: tuple(choices) for name, choices in lists.items()}

    # --- one survey row ----------------------------------------------------------------

    def _question(
        self, number: int, row: dict[str, str], earlier: dict[str, _Row], names: frozenset[str]
    ) -> Question | None:
        sheet = self.survey
        before = len(sheet.errors)
        kind, list_name = self._type(number, row)
        name = sheet.cell(row, "name")
        if not name:
            sheet.error(number, "name", "name (the question id) is missing")
        elif not QUESTION_ID.match(name):
            sheet.error(
                number,
                "name",
                f"{name!r} is not a question id: letters, digits and _, starting with a letter, "
                "at most 28 characters",
            )
        elif name in EXPORT_COLUMNS:
            sheet.error(number, "name", f"{name!r} is an export column; choose another id")
        elif name in earlier:
            sheet.error(number, "name", f"{name} is already the id of row {earlier[name].number}")
            name = None

        choices = self.lists.get(list_name, ()) if list_name else ()
        if list_name and not choices:
            sheet.error(number, "type", f"no choices list {list_name!r} on the choices sheet")
        label = self._texts(sheet, number, row, "label", required=True)
        hint = self._texts(sheet, number, row, "hint")
        message = self._texts(sheet, number, row, "constraint_message")
        required = self._required(number, row, kind)
        here = ex.Answerable(kind or "", tuple(c.code for c in choices))
        context = {key: ex.Answerable(r.type, r.codes) for key, r in earlier.items()}
        relevant = self._expression(number, row, "relevant", context, names, None)
        constraint = self._expression(number, row, "constraint", context, names, here)
        if kind == "note" and constraint is not None:
            sheet.error(number, "constraint", "a note has no answer to constrain")
        if message and sheet.cell(row, "constraint") is None:
            sheet.error(
                number, sheet.column("constraint_message", "en"), "no constraint to explain"
            )
        indicator = self._indicator(number, row, kind, here)

        if name and kind:
            earlier[name] = _Row(number, name, kind, here.codes)
        if len(sheet.errors) > before or not (name and kind):
            return None
        self.question_rows[name] = number
        return Question(
            id=name,
            type=kind,
            label=label,
            hint=hint,
            list_name=list_name,
            choices=choices,
            required=required,
            relevant=relevant,
            constraint=constraint,
            constraint_message=message,
            indicator=indicator,
        )

    def _type(self, number: int, row: dict[str, str]) -> tuple[str | None, str | None]:
        raw = self.survey.cell(row, "type")
        if raw is None:
            self.survey.error(number, "type", "type is missing")
            return None, None
        words = raw.split()
        if words[0] in ("select_one", "select_multiple"):
            if len(words) == 2:
                return words[0], words[1]
            self.survey.error(number, "type", f"write {words[0]} and the name of its choices list")
            return None, None
        if raw in SIMPLE_TYPES:
            return raw, None
        spaced = raw.lower().replace("_", " ")
        if spaced.startswith(("begin ", "end ")):
            message = "groups and repeats are not supported: a poll asks one question at a time"
        else:
            message = (
                f"type {raw!r} is not supported; use select_one LIST, select_multiple LIST, "
                "integer, text or note"
            )
        self.survey.error(number, "type", message)
        return None, None

    def _texts(
        self, sheet: Sheet, number: int, row: dict[str, str], field: str, required: bool = False
    ) -> Texts:
        found = sheet.texts(row, field)
        if found or required:
            for lang in LANGUAGES:
                if lang not in found:
                    sheet.error(number, sheet.column(field, lang), f"{field} in {lang} is missing")
        for lang, text in found.items():
            column = sheet.column(field, lang)
            if "${" in text:
                sheet.error(
                    number, column, "${…} is not supported in texts; name the station as {station}"
                )
                continue
            for placeholder in _PLACEHOLDER.findall(text):
                if placeholder not in PLACEHOLDERS:
                    sheet.error(
                        number, column, f"unknown placeholder {{{placeholder}}}: only {{station}}"
                    )
        return Texts(found)

    def _required(self, number: int, row: dict[str, str], kind: str | None) -> bool:
        raw = self.survey.cell(row, "required")
        if raw is None:
            return False
        value = raw.strip().lower()
        if value not in YES | NO:
            self.survey.error(number, "required", f"required is yes or no, not {raw!r}")
            return False
        if kind == "note" and value in YES:
            self.survey.error(number, "required", "a note has no answer to require")
        return value in YES

    def _expression(
        self,
        number: int,
        row: dict[str, str],
        column: str,
        earlier: dict[str, ex.Answerable],
        names: frozenset[str],
        current: ex.Answerable | None,
    ) -> str | None:
        raw = self.survey.cell(row, column)
        if raw is None:
            return None
        try:
            tree = ex.parse(raw)
        except ex.ExpressionError as err:
            self.survey.error(number, column, str(err))
            return None
        problems = ex.check(tree, earlier, names - set(earlier), current)
        for problem in problems:
            self.survey.error(number, column, problem)
        return None if problems else ex.to_text(tree)

    def _indicator(
        self, number: int, row: dict[str, str], kind: str | None, here: ex.Answerable
    ) -> Indicator | None:
        sheet = self.survey
        name = sheet.cell(row, "fb_indicator")
        positive = self._codes(number, row, "fb_positive", here)
        excluded = self._codes(number, row, "fb_excluded", here)
        if name is None:
            for column in ("fb_positive", "fb_excluded"):
                if sheet.cell(row, column) is not None:
                    sheet.error(number, column, f"{column} needs an fb_indicator on the same row")
            return None
        if kind != "select_one":
            sheet.error(number, "fb_indicator", "an indicator is drawn from a select_one question")
        if not INDICATOR_NAME.match(name):
            sheet.error(number, "fb_indicator", f"{name!r} is not an indicator name")
        taken = self.indicator_rows.setdefault(name, number)
        if taken != number:
            sheet.error(number, "fb_indicator", f"indicator {name} is already on row {taken}")
        if not positive:
            sheet.error(number, "fb_positive", "an indicator needs its positive codes")
        both = sorted(set(positive) & set(excluded))
        if both:
            sheet.error(number, "fb_excluded", f"code {both[0]} is both positive and excluded")
        return Indicator(name, positive, excluded)

    def _codes(
        self, number: int, row: dict[str, str], column: str, here: ex.Answerable
    ) -> tuple[int, ...]:
        raw = self.survey.cell(row, column)
        if raw is None:
            return ()
        codes = []
        for word in raw.replace(",", " ").split():
            if not (word.isascii() and word.isdigit()) or (
                here.codes and int(word) not in here.codes
            ):
                self.survey.error(number, column, f"{word!r} is not a code of this question")
            else:
                codes.append(int(word))
        return tuple(codes)
