"""SPSS .sav and Stata .dta written by feedback_bot.formats and read back with pyreadstat."""

from __future__ import annotations

import datetime as dt
import math

import pyreadstat
import pytest

from feedback_bot.formats import Choice, Variable, write_dta, write_sav
from feedback_bot.i18n import LANGUAGES
from feedback_bot.services.export.cells import PHONE_MASK
from tests.support.formats_data import (
    HEARD_FROM,
    PHONE_DIGITS,
    RESPONDENTS,
    ROWS,
    id_variables,
    trust_variables,
    variables,
)

WRITERS = {"sav": (write_sav, pyreadstat.read_sav), "dta": (write_dta, pyreadstat.read_dta)}
FORMATS = list(WRITERS)


def roundtrip(tmp_path, fmt, variables_, rows, language="en"):
    write, read = WRITERS[fmt]
    path = tmp_path / f"answers.{fmt}"
    count = write(path, variables_, rows, language=language)
    frame, meta = read(str(path))
    return count, frame, meta, path


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_question_text_and_answer_labels_in_the_chosen_language(tmp_path, fmt, language):
    _, _, meta, _ = roundtrip(tmp_path, fmt, variables(), ROWS, language)
    for question in trust_variables():
        label = meta.column_names_to_labels[question.name]
        assert label == whole_or_cut(question.labels[language], fmt)
        if question.kind != "select_one":
            continue
        written = meta.variable_value_labels[question.name]
        assert written == {c.code: c.labels[language] for c in question.choices}
    trust = meta.column_names_to_labels["trust_police"]
    labels = meta.variable_value_labels["trust_police"]
    if language == "en":
        assert trust == "How much do you trust the police at {station}?"
        assert labels[1] == "a great deal"
    elif language == "kmr":
        assert trust == "Tu çiqas ji polîsên {station} bawer dikî?"
        assert not is_arabic_script(labels[1])
    else:  # Arabic and Sorani, in Arabic script, not the English source
        assert is_arabic_script(trust) and is_arabic_script(labels[1])
    # The profile codes are labelled too.
    assert meta.variable_value_labels["gender"][1] == id_variables()[4].choices[0].labels[language]


def whole_or_cut(text: str, fmt: str) -> str:
    """Stata holds 80 characters of a variable label: longer ones end in "…" (the codebook has all)."""
    if fmt == "sav" or len(text) <= 80:
        return text
    return text[:79].rstrip() + "…"


@pytest.mark.parametrize("fmt", FORMATS)
def test_codes_are_numeric_and_missing_is_system_missing(tmp_path, fmt):
    count, frame, meta, _ = roundtrip(tmp_path, fmt, variables(), ROWS)
    assert count == len(frame) == 5
    assert list(frame["response_id"]) == [1, 2, 3, 4, 5]
    assert list(frame["trust_police"][[0, 1, 2, 4]]) == [1, 4, 3, 2]
    assert meta.readstat_variable_types["trust_police"] in ("double", "int8", "int16", "int32")
    # Asked and not answered (None) and never asked ("") are both system-missing.
    assert math.isnan(frame["safe_after_dark"][1])
    assert math.isnan(frame["police_respect"][1])
    assert all(math.isnan(value) for value in frame.loc[3, ["gender", "age_band", "trust_police"]])
    # Text has no missing value: an empty string.
    assert frame["comment"][1] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_select_multiple_is_one_zero_one_variable_per_choice(tmp_path, fmt):
    _, frame, meta, _ = roundtrip(tmp_path, fmt, variables(), ROWS, "ar")
    assert "heard_from" not in frame.columns
    chosen = frame[["heard_from_1", "heard_from_2", "heard_from_3"]]
    assert chosen.iloc[0].tolist() == [1, 0, 1]  # "1 3"
    assert chosen.iloc[1].tolist() == [0, 1, 0]  # (2,)
    assert chosen.iloc[4].tolist() == [1, 1, 1]  # [1, 2, 3]
    for row in (2, 3):  # not answered (None) and never asked ("")
        assert all(math.isnan(value) for value in chosen.iloc[row])
    assert meta.column_names_to_labels["heard_from_2"] == "أين سمعت عن هذا الاستطلاع؟: راديو"


@pytest.mark.parametrize("fmt", FORMATS)
def test_arabic_and_kurdish_text_intact_and_no_phone_number(tmp_path, fmt):
    _, frame, _, path = roundtrip(tmp_path, fmt, variables(), ROWS, "ckb")
    assert frame["comment"][0] == f"الشرطة محترمة، اتصل بي على {PHONE_MASK}"
    assert frame["comment"][2] == f"سوپاس بۆ پۆلیس {PHONE_MASK}"
    assert frame["comment"][3] == f"Polîs baş in, ez gelek kêfxweş im {PHONE_MASK}"
    raw = path.read_bytes()
    for digits in PHONE_DIGITS:
        assert digits.encode("utf-8") not in raw
    assert list(frame["respondent_id"]) == [RESPONDENTS[i] for i in (0, 1, 0, 1, 1)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_timestamps_are_datetimes_in_utc(tmp_path, fmt):
    _, frame, _, _ = roundtrip(tmp_path, fmt, variables(), ROWS)
    assert frame["started_at"][0] == dt.datetime(2026, 3, 1, 9, 0, 0)
    assert frame["completed_at"][0] == dt.datetime(2026, 3, 1, 9, 4, 30)
    assert frame["completed_at"].isna().tolist() == [False, True, False, True, False]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_rows_is_an_empty_file_with_its_variables_and_labels(tmp_path, fmt):
    count, frame, meta, _ = roundtrip(tmp_path, fmt, variables(), iter(()), "kmr")
    assert count == 0 and len(frame) == 0
    assert "heard_from_3" in meta.column_names
    assert meta.column_names_to_labels["heard_from_3"] == (
        "Te li ku derê li ser vê anketê bihîst?: heval"
    )
    assert (
        meta.variable_value_labels["trust_police"][4]
        == trust_variables()[0].choices[3].labels["kmr"]
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_odd_question_ids_become_valid_unique_names(tmp_path, fmt):
    long_id = "how_much_do_you_trust_the_police_at_this_station_today"
    odd = [
        Variable(long_id, "number", {"en": "first"}),
        Variable(long_id + "_again", "number", {"en": "second, same first 32 characters"}),
        Variable("Trust", "number", {"en": "differs from the next only by case"}),
        Variable("trust", "number", {"en": "lower case"}),
        Variable("سؤال_الثقة", "number", {"en": "an Arabic id"}),
        Variable("2nd question", "number", {"en": "starts with a digit, has a space"}),
        Variable("with", "number", {"en": "a reserved word"}),
        Variable(
            long_id + "_sources",
            "select_multiple",
            {"en": "many"},
            (Choice(1, {"en": "a"}), Choice(12, {"en": "b"})),
        ),
        Variable("trust_1", "number", {"en": "clashes with nothing"}),
    ]
    rows = [(1, 2, 3, 4, 5, 6, 7, (12,), 9)]
    _, frame, meta, _ = roundtrip(tmp_path, fmt, odd, rows)
    names = meta.column_names
    assert len(names) == 10
    assert all(len(name) <= 32 for name in names)
    assert all(name.isascii() and name[0].isalpha() for name in names)
    assert all(ch.isalnum() or ch == "_" for name in names for ch in name)
    assert len({name.lower() for name in names}) == len(names)
    assert names[0] == long_id[:32]
    assert names[2:4] == ["Trust", "trust_2"]
    assert names[5] == "q_2nd_question" and names[6] == "q_with"
    assert names[7].endswith("_1") and names[8].endswith("_12")
    # Each value kept its own variable, and its label tells which it is.
    labels = [meta.column_names_to_labels[name] for name in names]
    assert labels[1] == "second, same first 32 characters" and frame[names[1]][0] == 2
    assert labels[4] == "an Arabic id" and frame[names[4]][0] == 5
    assert frame[names[7]][0] == 0 and frame[names[8]][0] == 1


def test_labels_too_long_for_stata_are_cut_on_a_character_keeping_the_choice(tmp_path):
    question = "ما مدى ثقتك بشرطة مركز الكرخ النموذجي عندما تحتاج إلى مساعدة في منتصف الليل أو في الصباح الباكر؟"
    assert len(question) > 80
    variables_ = [
        Variable("trust", "select_one", {"ar": question}, (Choice(1, {"ar": "كثيرا جدا"}),)),
        Variable("where", "select_multiple", {"ar": question}, (Choice(1, {"ar": "في البيت"}),)),
    ]
    _, _, dta, _ = roundtrip(tmp_path, "dta", variables_, [(1, "1")], "ar")
    label = dta.column_names_to_labels["trust"]
    assert (
        75 <= len(label) <= 80 and label.endswith("…") and question.startswith(label[:-1].rstrip())
    )
    choice_label = dta.column_names_to_labels["where_1"]
    assert len(choice_label) <= 80 and choice_label.endswith("…: في البيت")
    _, _, sav, _ = roundtrip(tmp_path, "sav", variables_, [(1, "1")], "ar")
    assert sav.column_names_to_labels["trust"] == question  # 177 bytes: SPSS holds 256


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_input_is_refused_with_a_reason(tmp_path, fmt):
    write, _ = WRITERS[fmt]
    with pytest.raises(ValueError, match="labels must be one of ar, ckb, kmr, en"):
        write(tmp_path / "x", variables(), ROWS, language="fr")
    with pytest.raises(ValueError, match="a row has 2 cells for 16 variables"):
        write(tmp_path / "x", variables(), [(1, 2)])
    with pytest.raises(ValueError, match="trust_police: 'a lot' is not a number"):
        write(tmp_path / "x", variables(), [(*ROWS[0][:9], "a lot", *ROWS[0][10:])])
    with pytest.raises(ValueError, match="select_multiple needs its choices"):
        Variable("q", "select_multiple", {"en": "q"})
    assert HEARD_FROM.label("fr") == "Where did you hear about this poll?"


def test_pandas_own_stata_reader_sees_the_labels_as_categories(tmp_path):
    """A second, independent reader of .dta (pandas' own, not readstat) agrees."""
    import pandas as pd

    path = tmp_path / "answers.dta"
    write_dta(path, variables(), ROWS, language="ar")
    frame = pd.read_stata(path)
    expected = [c.labels["ar"] for c in trust_variables()[0].choices]
    assert list(frame["trust_police"].cat.categories) == expected
    assert frame["trust_police"][0] == expected[0]  # code 1
    assert pd.isna(frame["trust_police"][3])
    with pd.io.stata.StataReader(path) as reader:
        labels = reader.variable_labels()
    assert labels["heard_from_1"] == "أين سمعت عن هذا الاستطلاع؟: ملصق"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_row_half_way_leaves_the_earlier_file_as_it_was(tmp_path, fmt):
    write, read = WRITERS[fmt]
    path = tmp_path / f"answers.{fmt}"
    write(path, variables(), ROWS[:2])
    before = path.read_bytes()
    bad = [*ROWS, (*ROWS[0][:9], "a lot", *ROWS[0][10:])]
    with pytest.raises(ValueError, match="is not a number"):
        write(path, variables(), bad)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert len(read(str(path))[0]) == 2
