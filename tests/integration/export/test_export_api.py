"""GET /api/v1/export/answers.csv and codebook.csv: analyst tokens, filters, streaming, privacy."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback_bot.services.accounts.users import create_token, create_user
from feedback_bot.services.export.answers import LONG_COLUMNS, WIDE_ID_COLUMNS
from tests.support.export import (
    HOSTILE,
    add_resident,
    add_response,
    add_station,
    assert_no_phone_numbers,
    export,
    full_trust,
    new_phone,
    read_csv,
)

ANSWERS = "/api/v1/export/answers.csv"
CODEBOOK = "/api/v1/export/codebook.csv"
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)


def token_for(runtime, role, station_code=None) -> str:
    with runtime.transaction() as session:
        name = f"{role}-user"
        create_user(
            session,
            name=name,
            role=role,
            password="a long Tigris sunrise 42",
            station_code=station_code,
            vault=runtime.vault,
            hash_method=runtime.config["PASSWORD_HASH_METHOD"],
        )
        return create_token(session, name, now=NOW)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def data(runtime):
    """Two stations, a few residents and responses; returns their phone numbers."""
    phones = [new_phone() for _ in range(3)]
    with runtime.transaction() as session:
        bgd = add_station(session, "BGD-01", "Baghdad")
        bsr = add_station(session, "BSR-01", "Basra")
        for i, phone in enumerate(phones):
            resident = add_resident(session, runtime.vault, bgd if i else bsr, phone=phone)
            add_response(session, resident, bgd if i else bsr, full_trust(f"my number {phone}"))
    return phones


@pytest.mark.parametrize("path", [ANSWERS, CODEBOOK])
def test_only_analysts_and_admins_may_download(client, runtime, data, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer("fbt_not-a-real-token")).status_code == 401
    commander = token_for(runtime, "commander", "BGD-01")
    assert client.get(path, headers=bearer(commander)).status_code == 403
    for role in ("analyst", "admin"):
        response = client.get(path, headers=bearer(token_for(runtime, role)))
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert response.is_streamed
        assert response.get_data(as_text=True).startswith(("response_id,", "record,"))


def test_answers_match_the_command_line_and_take_the_same_filters(
    client, runner, runtime, data, tmp_path
):
    headers = bearer(token_for(runtime, "analyst"))
    response = client.get(ANSWERS, headers=headers)
    cli_text, _ = export(runner, tmp_path)
    assert response.get_data(as_text=True) == cli_text
    assert 'filename="answers-long.csv"' in response.headers["Content-Disposition"]
    rows = read_csv(cli_text)
    assert rows[0] == list(LONG_COLUMNS) and len(rows) == 1 + 3 * 6

    query = {"format": "wide", "station": "bgd01", "since": "2026-03-10", "until": "2026-03-10"}
    response = client.get(ANSWERS, headers=headers, query_string=query)
    assert response.status_code == 200
    rows = read_csv(response.get_data(as_text=True))
    assert rows[0][: len(WIDE_ID_COLUMNS)] == list(WIDE_ID_COLUMNS)
    assert {row[5] for row in rows[1:]} == {"BGD-01"} and len(rows) == 3
    disposition = response.headers["Content-Disposition"]
    assert 'filename="answers-wide-BGD-01-2026-03-10_2026-03-10.csv"' in disposition

    response = client.get(ANSWERS, headers=headers, query_string={"since": "2026-03-11"})
    assert read_csv(response.get_data(as_text=True)) == [list(LONG_COLUMNS)]

    response = client.get(ANSWERS, headers=headers, query_string={"bom": "1"})
    assert response.get_data().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "query",
    [
        {"format": "pivot"},
        {"since": "10/03/2026"},
        {"until": "2026-02-30"},
        {"since": "2026-03-10", "until": "2026-03-01"},
        {"station": "NOPE-1"},
        {"bom": "maybe"},
    ],
)
def test_bad_parameters_are_a_400_with_one_sentence(client, runtime, data, query):
    response = client.get(
        ANSWERS, headers=bearer(token_for(runtime, "analyst")), query_string=query
    )
    assert response.status_code == 400
    assert response.is_json
    message = response.json["error"]
    assert message.endswith(".") and "\n" not in message


def test_codebook_download(client, runtime):
    response = client.get(CODEBOOK, headers=bearer(token_for(runtime, "analyst")))
    assert response.status_code == 200
    assert 'filename="codebook.csv"' in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data(as_text=True))
    assert rows[0][:5] == ["record", "poll_id", "poll_version", "variable", "code"]
    assert any(row[:5] == ["answer", "trust", "1", "trust_police", "4"] for row in rows)
    bad = client.get(
        CODEBOOK, headers=bearer(token_for(runtime, "admin")), query_string={"bom": "x"}
    )
    assert bad.status_code == 400


def test_downloads_hold_no_phone_number_and_no_formula(client, runtime, data):
    with runtime.transaction() as session:
        station = add_station(session, "NIN-01", "Ninewa")
        for comment in HOSTILE:
            resident = add_resident(session, runtime.vault, station)
            add_response(session, resident, station, full_trust(comment))
    headers = bearer(token_for(runtime, "analyst"))
    for query in ({}, {"format": "wide"}, {"station": "BSR-01"}):
        text = client.get(ANSWERS, headers=headers, query_string=query).get_data(as_text=True)
        assert_no_phone_numbers(text, data)
    assert_no_phone_numbers(client.get(CODEBOOK, headers=headers).get_data(as_text=True), data)
    rows = read_csv(client.get(ANSWERS, headers=headers).get_data(as_text=True))
    comments = [row[14] for row in rows[1:] if row[11] == "comment"]
    assert ["'" + c for c in HOSTILE] == comments[-len(HOSTILE) :]
