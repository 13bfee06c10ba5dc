"""Reading an XLSForm: the subset accepted, and every problem named by sheet, row and column."""

from __future__ import annotations

import pytest

from feedback_bot.xlsform.reader import check_xlsform, read_xlsform
from feedback_bot.xlsform.sheets import FormErrors
from tests.support.xlsform_forms import (
    LABELS,
    good_choices,
    good_settings,
    good_survey,
    labels,
    write_form,
)


def messages(path) -> list[str]:
    definition, errors = check_xlsform(path)
    assert definition is None
    return [str(e) for e in errors]


def test_a_good_form_becomes_its_definition(tmp_path):
    path = write_form(tmp_path / "help.xlsx", good_survey(), good_choices(), good_settings())
    poll = read_xlsform(path)
    assert (poll.id, poll.version, poll.default_language) == ("help", 3, "en")
    assert poll.title == {"en": "Help"}
    assert [q.id for q in poll.questions] == ["knows", "places", "times", "thanks"]
    knows, places, times, thanks = poll.questions
    assert knows.type == "select_one" and knows.codes == (1, 2) and knows.required
    assert knows.label["kmr"] == "kmr Do you know where to get help?"
    assert knows.choice(2).label["ar"] == "ar no"
    assert knows.indicator.name == "knows_help" and knows.indicator.positive == (1,)
    assert places.type == "select_multiple" and places.relevant == "${knows} = '1'"
    assert times.constraint == ". >= 0 and . <= 50" and not times.required
    assert thanks.type == "note" and not thanks.answerable


def test_the_brief_example_error_names_sheet_row_and_column(tmp_path):
    survey = good_survey()
    survey += [[None] * 4, ["text", "why", *labels("Why?"), None, "${foo} = 'x'"]]
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == ["survey row 7, column relevant: unknown question ${foo}"]


def test_every_problem_is_reported_at_once(tmp_path):
    survey = [
        ["type", "name", *LABELS, "required", "relevant", "constraint"],
        ["select_one yes_no", "knows", "ar", "ckb", None, "Do you know?", "yes"],  # no kmr
        ["select_one nowhere", "where", *labels("Where?")],
        ["begin group", "g1", *labels("A group")],
        ["decimal", "amount", *labels("How much?")],
        ["integer", "knows", *labels("Again?")],
        ["integer", "age", *labels("Age?"), None, "${knows} == '1'", "count-selected(.) > 1"],
        ["text", "later_ref", *labels("?"), "maybe", "${after} = 'x'"],
        ["begin repeat", "r", *labels("Repeat")],
        ["text", "after", *labels("After")],
        ["select_one yes_no", "bad_code", *labels("?"), None, "${knows} = '7'"],
    ]
    choices = [
        ["list_name", "name", *LABELS],
        ["yes_no", 1, *labels("yes")],
        ["yes_no", "two", *labels("no")],
        ["yes_no", 1, *labels("again yes")],
        ["yes_no", 3, "ar", "ckb", "kmr", None],
    ]
    settings = [["form_id", "version"], ["Help Poll", "v2"]]
    path = write_form(tmp_path / "bad.xlsx", survey, choices, settings)
    assert messages(path) == [
        "survey row 2, column label::Kurmanji (kmr): label in kmr is missing",
        "survey row 3, column type: no choices list 'nowhere' on the choices sheet",
        "survey row 4, column type: groups and repeats are not supported: "
        "a poll asks one question at a time",
        "survey row 5, column type: type 'decimal' is not supported; use select_one LIST, "
        "select_multiple LIST, integer, text or note",
        "survey row 6, column name: knows is already the id of row 2",
        "survey row 7, column relevant: a comparison needs a number or a 'quoted' code "
        "on its right, at character 11",
        "survey row 7, column constraint: 'count-selected' at character 1 is not supported: "
        "use ${question}, '.', numbers, 'codes', = != < <= > >=, selected(), and, or, not()",
        "survey row 8, column required: required is yes or no, not 'maybe'",
        "survey row 8, column relevant: ${after} is not asked before this question",
        "survey row 9, column type: groups and repeats are not supported: "
        "a poll asks one question at a time",
        "survey row 11, column relevant: '7' is not a code of ${knows} (codes 1 3)",
        "choices row 3, column name: 'two' is not an answer code: a whole number from 1",
        "choices row 4, column name: code 1 is already in yes_no (row 2)",
        "choices row 5, column label::English (en): label in en is missing",
        "settings row 2, column form_id: 'Help Poll' is not a poll id: lower-case letters, "
        "digits and _, starting with a letter",
        "settings row 2, column version: version must be a whole number from 1, not 'v2'",
    ]


def test_an_error_list_is_raised_by_read_xlsform(tmp_path):
    path = write_form(tmp_path / "f.xlsx", good_survey(), None, good_settings())
    with pytest.raises(FormErrors) as caught:
        read_xlsform(path)
    assert str(caught.value).splitlines() == [
        "survey row 2, column type: no choices list 'yes_no' on the choices sheet",
        "survey row 3, column type: no choices list 'places' on the choices sheet",
        "choices: the choices sheet is missing",
    ]


def test_a_repeated_column_header_is_refused(tmp_path):
    survey = good_survey()
    survey[0][6] = "name"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == ["Duplicate column header: name"]


def test_missing_sheets_are_named(tmp_path):
    path = write_form(tmp_path / "f.xlsx", good_survey(), good_choices(), None)
    assert messages(path) == [
        "settings: the settings sheet is missing; it needs form_id and version"
    ]
    path = write_form(tmp_path / "g.xlsx", None, good_choices(), good_settings())
    assert messages(path) == ["survey: the survey sheet is missing"]


def test_a_file_that_is_not_an_xlsx_is_refused(tmp_path):
    text = tmp_path / "poll.xlsx"
    text.write_text("type,name\ninteger,age\n")
    assert messages(text) == ["not an .xlsx workbook"]
    broken = tmp_path / "zip.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert messages(broken) == ["not an .xlsx workbook (it could not be opened)"]
    assert messages(tmp_path / "absent.xlsx") == ["no such file: absent.xlsx"]


def add_column(rows: list[list[object]], header: str, values: dict[int, object]) -> None:
    for index, row in enumerate(rows):
        row.append(header if index == 0 else values.get(index))


def test_columns_outside_the_subset_are_refused_when_they_carry_values(tmp_path):
    survey = good_survey()
    add_column(survey, "appearance", {1: "minimal"})
    add_column(survey, "label", {3: "How many?"})
    add_column(survey, "label::French (fr)", {})  # empty: harmless
    add_column(survey, "$kuid", {1: "abc"})  # KoBoToolbox's bookkeeping
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        "survey row 1, column appearance: column appearance is not supported",
        "survey row 1, column label: give one column per language: label::Arabic (ar), "
        "label::Kurdish Sorani (ckb), label::Kurdish Kurmanji (kmr), label::English (en)",
    ]


def test_a_column_in_a_language_outside_the_four_is_refused(tmp_path):
    survey = good_survey()
    add_column(survey, "hint::French (fr)", {1: "Une aide"})
    add_column(survey, "hint::English", {1: "Some help"})
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        "survey row 1, column hint::French (fr): language 'fr' is not one of ar, ckb, kmr, en",
        "survey row 1, column hint::English: write the language code too, as hint::English (en)",
    ]


def test_texts_name_the_station_only_as_the_station_placeholder(tmp_path):
    survey = good_survey()
    survey[1][5] = "Do you trust {station}?"
    survey[2][5] = "You said ${knows}"
    survey[3][4] = "kmr {stasion}"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        "survey row 3, column label::English (en): ${…} is not supported in texts; "
        "name the station as {station}",
        "survey row 4, column label::Kurmanji (kmr): unknown placeholder {stasion}: only {station}",
    ]


def test_a_hint_given_in_one_language_is_needed_in_all(tmp_path):
    survey = [[*row, None] for row in good_survey()]
    survey[0][-1] = "hint::English (en)"
    survey[1][-1] = "Reply with a number"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        f"survey row 2, column hint::{name} ({code}): hint in {code} is missing"
        for name, code in (("Arabic", "ar"), ("Kurdish Sorani", "ckb"), ("Kurdish Kurmanji", "kmr"))
    ]


def test_reporting_columns_are_checked_against_the_question(tmp_path):
    survey = [[*row, None] for row in good_survey()]
    survey[0][-1] = "fb_excluded"
    survey[2][-3:] = ["places_known", "1", None]  # select_multiple
    survey[1][-2:] = ["9 1", "1"]
    survey[3][-3:] = [None, "1", None]
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        "survey row 2, column fb_positive: '9' is not a code of this question",
        "survey row 2, column fb_excluded: code 1 is both positive and excluded",
        "survey row 3, column fb_indicator: an indicator is drawn from a select_one question",
        "survey row 4, column fb_positive: fb_positive needs an fb_indicator on the same row",
    ]


def test_question_ids_that_would_clash_in_exports_are_refused(tmp_path):
    survey = good_survey()
    survey[3][1] = "station_code"
    survey[4][1] = "1st"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path) == [
        "survey row 4, column name: 'station_code' is an export column; choose another id",
        "survey row 5, column name: '1st' is not a question id: letters, digits and _, "
        "starting with a letter, at most 28 characters",
    ]


def test_settings_accept_a_language_code_and_translated_titles(tmp_path):
    settings = [
        ["form_id", "version", "default_language", "form_title::Arabic (ar)", "form_title"],
        ["help", "1", "ar", "مساعدة", "مساعدة"],
    ]
    path = write_form(tmp_path / "f.xlsx", good_survey(), good_choices(), settings)
    poll = read_xlsform(path)
    assert poll.default_language == "ar" and poll.title == {"ar": "مساعدة"}
    settings[1][4] = "Help"
    path = write_form(tmp_path / "g.xlsx", good_survey(), good_choices(), settings)
    assert messages(path) == [
        "settings row 2, column form_title: form_title differs from form_title::Arabic (ar)"
    ]
    settings[1][2:] = ["French (fr)", None, None]
    path = write_form(tmp_path / "h.xlsx", good_survey(), good_choices(), settings)
    assert messages(path) == [
        "settings row 2, column default_language: 'French (fr)' is not one of Arabic (ar), "
        "Kurdish Sorani (ckb), Kurdish Kurmanji (kmr), English (en)"
    ]


def test_spacing_in_cells_and_expressions_does_not_change_the_definition(tmp_path):
    first = read_xlsform(
        write_form(tmp_path / "a.xlsx", good_survey(), good_choices(), good_settings())
    )
    survey = good_survey()
    survey[2][7] = "  ${knows}   =   '1' "
    survey[1][5] = "  Do you know where to get help?\n"
    second = read_xlsform(write_form(tmp_path / "b.xlsx", survey, good_choices(), good_settings()))
    assert second == first and second.content_hash == first.content_hash


def test_pyxform_has_the_last_word_on_what_is_a_valid_xlsform(tmp_path):
    survey = good_survey()
    survey[4][1] = "meta"  # reserved by XLSForm itself for form metadata
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    (message,) = messages(path)
    assert message.startswith("pyxform refuses the form: [row : 5] On the 'survey' sheet")
    assert "'meta' is reserved" in message
