"""Formula neutralisation, phone masking and chunked CSV writing for exports."""

from __future__ import annotations

import csv
import io

import pytest

from feedback_bot.services.export.cells import (
    CHUNK_CHARS,
    PHONE_MASK,
    csv_chunks,
    mask_phone_numbers,
    neutralise,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_triggers_get_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Thanks", "شكراً", "1+1", "a=b", " =1", "", "'=1"])
def test_harmless_text_is_unchanged(value):
    assert neutralise(value) == value


def test_numbers_and_empty_cells_stay_as_they_are():
    assert neutralise(3) == 3
    assert neutralise(None) is None


def test_csv_round_trip_keeps_numbers_numeric_and_text_safe():
    text = "".join(csv_chunks(["id", "comment"], [(1, value) for value in HOSTILE]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "comment"]
    assert [row[1] for row in rows[1:]] == ["'" + value for value in HOSTILE]
    assert all(row[0] == "1" for row in rows[1:])
    # In the raw text, no line (cell) starts with a formula trigger.
    assert ",=" not in text and ",+" not in text and ",-" not in text and ",@" not in text


def test_bom_only_when_asked():
    assert "".join(csv_chunks(["a"], [], bom=True)).startswith("\ufeffa\r\n")
    assert "".join(csv_chunks(["a"], [])) == "a\r\n"


def test_large_output_comes_in_pieces_that_join_to_the_whole():
    rows = [(i, "نص عربي " * 5) for i in range(5000)]
    pieces = list(csv_chunks(["n", "text"], iter(rows)))
    assert len(pieces) > 2
    assert all(len(piece) < CHUNK_CHARS + 1000 for piece in pieces)
    parsed = list(csv.reader(io.StringIO("".join(pieces))))
    assert len(parsed) == 5001 and parsed[-1][0] == "4999"


def test_rows_are_read_lazily():
    consumed = []

    def rows():
        for i in range(100_000):
            consumed.append(i)
            yield (i, "x" * 20)

    first = next(csv_chunks(["n", "x"], rows()))
    assert first.startswith("n,x\r\n0,")
    assert len(consumed) < 10_000


@pytest.mark.parametrize(
    "typed",
    [
        "+9647701234567",
        "9647701234567",
        "009647701234567",
        "07701234567",
        "0770 123 4567",
        "0770-123-4567",
        "+964 (770) 123 4567",
        "٠٧٧٠١٢٣٤٥٦٧",
        "۰۷۷۰۱۲۳۴۵۶۷",
    ],
)
def test_phone_numbers_in_free_text_are_masked(typed):
    assert mask_phone_numbers(f"call me {typed} today") == f"call me {PHONE_MASK} today"


@pytest.mark.parametrize(
    "text", ["Station BGD-01 is good", "On 2026-03-01 at 10:00", "5 stars", ""]
)
def test_text_without_phone_numbers_is_kept(text):
    assert mask_phone_numbers(text) == text
