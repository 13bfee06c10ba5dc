"""Pure rules of waves and Open Days: who may be invited, codes, local times, typed clocks."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_bot.cli.jobs import parse_time
from feedback_bot.errors import UserError
from feedback_bot.services.open_days.messages import local_when
from feedback_bot.services.open_days.registrations import CODE_ALPHABET, new_code, normalise_code
from feedback_bot.services.waves import reason_not_to_invite

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def resident(**changes):
    values = {
        "opted_out": False,
        "consented_at": NOW,
        "station_id": 1,
        "language": "ar",
        "phone_encrypted": "gAAAA-a-ciphertext",
    }
    return SimpleNamespace(**{**values, **changes})


def test_a_consenting_resident_with_a_station_may_be_invited():
    assert reason_not_to_invite(resident()) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"opted_out": True}, "opted_out"),
        ({"consented_at": None}, "no_consent"),
        ({"station_id": None}, "no_station"),
        ({"language": None}, "no_language"),
        ({"phone_encrypted": ""}, "no_number"),
        ({"opted_out": True, "consented_at": None}, "opted_out"),
    ],
)
def test_who_is_never_invited(changes, reason):
    assert reason_not_to_invite(resident(**changes)) == reason


def test_codes_are_six_unambiguous_latin_characters():
    codes = {new_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("01IO") & set(CODE_ALPHABET)


@given(st.text(alphabet=CODE_ALPHABET, min_size=6, max_size=6))
def test_a_code_typed_in_any_case_with_spaces_reads_back(code):
    assert normalise_code(f" {code.lower()[:3]} {code.lower()[3:]} ") == code
    assert normalise_code(f"{code[:3]}-{code[3:]}") == code


def test_open_day_times_are_local_day_month_and_time():
    assert local_when(dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.UTC), "Asia/Baghdad") == (
        "05/12 01:30"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05T10:00", dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)),
        ("2026-12-05 10:00", dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)),
        ("2026-12-05T10:00+03:00", dt.datetime(2026, 12, 5, 7, 0, tzinfo=dt.UTC)),
        ("2026-12-05T10:00Z", dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)),
        ("2026-12-05", dt.datetime(2026, 12, 4, 21, 0, tzinfo=dt.UTC)),
    ],
)
def test_times_without_offset_are_local(text, expected):
    assert parse_time(text, "Asia/Baghdad", "--now") == expected


@pytest.mark.parametrize("text", ["", "05/12/2026", "2026-13-01T10:00", "soon"])
def test_a_time_that_is_not_iso_is_one_sentence(text):
    with pytest.raises(UserError, match=r"^--starts .* is not a date and time such as"):
        parse_time(text, "Asia/Baghdad", "--starts")
