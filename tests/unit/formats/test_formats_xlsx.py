"""Excel workbooks written by feedback_bot.formats.write_xlsx and read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pyreadstat
import pytest

from feedback_bot.formats import Sheet, wide_sheet, write_sav, write_xlsx
from feedback_bot.services.export.cells import PHONE_MASK, mask_phone_numbers
from tests.support.formats_data import PHONES, RESPONDENTS, ROWS, variables

LONG_HEADER = ("response_id", "respondent_id", "question_id", "answer_code", "answer_text")
LONG_ROWS = [
    (1, RESPONDENTS[0], "trust_police", 1, ""),
    (1, RESPONDENTS[0], "comment", None, '=HYPERLINK("http://evil.example","x") ' + PHONES[1]),
    (2, RESPONDENTS[1], "comment", None, "+1 @SUM(A1:A2)"),
    (2, RESPONDENTS[1], "safe_after_dark", None, None),
]
CODEBOOK = Sheet(
    "codebook",
    ("record", "variable", "code", "text_ar", "text_en"),
    [("answer", "trust_police", 1, "كثيرا جدا", "a great deal"), ("column", "wave", "", "", "-1?")],
)


def workbook(tmp_path, sheets, **options):
    path = tmp_path / "answers.xlsx"
    counts = write_xlsx(path, sheets, **options)
    return counts, openpyxl.load_workbook(path)


def cells(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def all_sheets(tmp_path):
    return workbook(
        tmp_path,
        [
            Sheet("answers", LONG_HEADER, iter(LONG_ROWS), free_text=("answer_text",)),
            wide_sheet("responses", variables(), iter(ROWS)),
            CODEBOOK,
        ],
    )


def test_three_sheets_with_headers_numbers_and_empty_cells(tmp_path):
    counts, book = all_sheets(tmp_path)
    assert book.sheetnames == ["answers", "responses", "codebook"]
    assert counts == {"answers": 4, "responses": 5, "codebook": 2}
    answers = cells(book["answers"])
    assert answers[0] == list(LONG_HEADER)
    assert answers[1] == [1, RESPONDENTS[0], "trust_police", 1, None]
    assert answers[4] == [2, RESPONDENTS[1], "safe_after_dark", None, None]
    responses = cells(book["responses"])
    assert responses[0] == [v.name for v in variables()]
    assert responses[1][:4] == [1, RESPONDENTS[0], "BGD-01", "ar"]
    assert responses[1][-1] == "1 3"  # select_multiple as its codes, like the wide CSV
    assert responses[2][-1] == "2" and responses[5][-1] == "1 2 3"
    assert responses[2][10] is None and responses[2][11] is None  # unanswered, never asked
    assert book["responses"]["A2"].data_type == "n"
    assert cells(book["codebook"])[1][3] == "كثيرا جدا"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    _, book = all_sheets(tmp_path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    answers = cells(book["answers"])
    assert answers[2][4] == f'\'=HYPERLINK("http://evil.example","x") {PHONE_MASK}'
    assert answers[3][4] == "'+1 @SUM(A1:A2)"
    assert cells(book["responses"])[2][2] == '\'=HYPERLINK("http://x")'
    assert cells(book["responses"])[5][14] == "'-2+3 @me"
    assert cells(book["codebook"])[2][4] == "'-1?"


def test_no_phone_number_in_any_cell_and_kurdish_intact(tmp_path):
    _, book = all_sheets(tmp_path)
    texts = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert all(mask_phone_numbers(text) == text for text in texts)
    assert not any(phone in text for phone in PHONES for text in texts)
    responses = cells(book["responses"])
    assert responses[3][14] == f"سوپاس بۆ پۆلیس {PHONE_MASK}"
    assert responses[4][14] == f"Polîs baş in, ez gelek kêfxweş im {PHONE_MASK}"


def test_the_respondent_id_is_the_same_as_in_the_spss_file(tmp_path):
    _, book = all_sheets(tmp_path)
    write_sav(tmp_path / "answers.sav", variables(), ROWS)
    frame, _ = pyreadstat.read_sav(str(tmp_path / "answers.sav"))
    in_excel = [row[1] for row in cells(book["responses"])[1:]]
    assert in_excel == list(frame["respondent_id"]) == [RESPONDENTS[i] for i in (0, 1, 0, 1, 1)]


def test_rows_past_a_sheets_limit_go_on_to_a_second_sheet_with_the_header(tmp_path):
    rows = [(n, RESPONDENTS[0], "trust_police", 1, "") for n in range(1, 8)]
    counts, book = workbook(tmp_path, [Sheet("answers", LONG_HEADER, rows)], max_rows=4)
    assert book.sheetnames == ["answers", "answers_2", "answers_3"]
    assert counts == {"answers": 7}
    assert [row[0] for row in cells(book["answers"])] == ["response_id", 1, 2, 3]
    assert [row[0] for row in cells(book["answers_2"])] == ["response_id", 4, 5, 6]
    assert [row[0] for row in cells(book["answers_3"])] == ["response_id", 7]


def test_an_empty_export_still_has_its_headers(tmp_path):
    counts, book = workbook(
        tmp_path, [Sheet("answers", LONG_HEADER, ()), wide_sheet("responses", variables(), [])]
    )
    assert counts == {"answers": 0, "responses": 0}
    assert cells(book["answers"]) == [list(LONG_HEADER)]
    assert cells(book["responses"])[0][-1] == "heard_from"


def test_writes_to_a_binary_file_too():
    buffer = io.BytesIO()
    write_xlsx(buffer, [CODEBOOK])
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert cells(book["codebook"])[1][4] == "a great deal"


def test_bad_sheets_are_refused_with_a_reason(tmp_path):
    with pytest.raises(ValueError, match="cannot name a sheet"):
        Sheet("answers/1", LONG_HEADER, [])
    with pytest.raises(ValueError, match="not in the header"):
        Sheet("answers", LONG_HEADER, [], free_text=("comment",))
    with pytest.raises(ValueError, match="a row has 2 cells for 5 columns"):
        write_xlsx(tmp_path / "x.xlsx", [Sheet("answers", LONG_HEADER, [(1, 2)])])


def test_a_bad_row_half_way_leaves_no_workbook(tmp_path):
    path = tmp_path / "answers.xlsx"
    rows = [*LONG_ROWS, (1, 2)]
    with pytest.raises(ValueError, match="a row has 2 cells"):
        write_xlsx(path, [Sheet("answers", LONG_HEADER, rows)])
    assert list(tmp_path.iterdir()) == []
