"""A form whose prompts do not fit 2 SMS segments, or whose options WhatsApp would cut, is refused."""

from __future__ import annotations

from pathlib import Path

from feedback_bot.xlsform.fit import fit_problems, prompt
from feedback_bot.xlsform.reader import check_xlsform, read_xlsform
from tests.support.xlsform_forms import good_choices, good_settings, good_survey, write_form

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "awareness_help.xlsx"
SHORT = {"ar": "الكرادة", "ckb": "کەڕادە", "kmr": "Kerade", "en": "Karrada"}


def messages(path, stations):
    definition, errors = check_xlsform(path, stations)
    assert definition is None
    return [str(e) for e in errors]


def test_the_worked_example_fits_with_short_station_names():
    assert fit_problems(read_xlsform(EXAMPLE).questions, SHORT) == []


def test_a_prompt_is_measured_with_its_options_as_sent():
    poll = read_xlsform(EXAMPLE)
    knows = poll.question("knows_help")
    text = prompt(knows, "en", "Karrada")
    assert text.splitlines() == [
        "Do you know where someone in your area can get help for violence at home?",
        "1 Yes",
        "2 No",
        "3 Not sure",
    ]


def test_a_prompt_over_two_segments_names_its_row_and_language(tmp_path):
    survey = good_survey()
    survey[2][2] = "أين " * 40  # Arabic script: 160 characters are 3 UCS-2 segments
    survey[1][5] = "Do you know {station}?"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert messages(path, SHORT) == [
        "survey row 3, column label::Arabic (ar): the prompt with its options needs 3 SMS "
        "segments (190 UCS-2 characters); at most 2"
    ]


def test_the_longest_station_name_can_push_a_prompt_over(tmp_path):
    survey = good_survey()
    survey[1][5] = "Do you know where to get help near {station}? " + "x" * 190
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert check_xlsform(path, SHORT)[0] is not None
    long_names = {**SHORT, "en": "Police Station of the Old City and the Market " * 2}
    (message,) = messages(path, long_names)
    assert message.startswith("survey row 2, column label::English (en): the prompt with its")


def test_an_option_over_whatsapps_limit_names_its_choices_row(tmp_path):
    choices = good_choices()
    choices[2][4] = "kmr Na, ez qet nizanim ku li ku ye"  # a button: at most 20 characters
    choices[4][3] = "ckb بنکەی تەندروستیی گەڕەک و ناحیە"  # 2 options: buttons too
    path = write_form(tmp_path / "f.xlsx", good_survey(), choices, good_settings())
    assert messages(path, SHORT) == [
        "choices row 3, column label::Kurdish Kurmanji (kmr): 34 characters: over WhatsApp's "
        "20 for a button (yes_no 2, in knows)",
        "choices row 5, column label::Kurdish Sorani (ckb): 34 characters: over WhatsApp's "
        "20 for a button (places 2, in places)",
    ]


def test_without_stations_reading_does_not_measure(tmp_path):
    choices = good_choices()
    choices[2][4] = "kmr Na, ez qet nizanim ku li ku ye"
    path = write_form(tmp_path / "f.xlsx", good_survey(), choices, good_settings())
    assert read_xlsform(path).id == "help"


def test_fit_problems_come_with_the_other_errors_at_once(tmp_path):
    survey = good_survey()
    survey[2][2] = "أين " * 40
    survey[4][1] = "1st"
    path = write_form(tmp_path / "f.xlsx", survey, good_choices(), good_settings())
    assert [m[:45] for m in messages(path, SHORT)] == [
        "survey row 3, column label::Arabic (ar): the ",
        "survey row 5, column name: '1st' is not a que",
    ]
