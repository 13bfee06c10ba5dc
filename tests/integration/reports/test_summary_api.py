import datetime as dt

import pytest

from feedback_bot.services.accounts import users as accounts
from feedback_bot.services.reports.summary import weekly_summary
from tests.support.reports import ALL_TRUST, BAGHDAD, add_station, respondents

SUNDAY = dt.datetime(2025, 3, 2, tzinfo=BAGHDAD)  # a week long past, whatever today is
PASSWORD = "a long enough passphrase"
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def tokens(runtime):
    with runtime.transaction() as session:
        here = add_station(session, "BGD-01")
        add_station(session, "BSR-01")
        respondents(
            session, runtime.vault, here, 11, when=SUNDAY + dt.timedelta(days=2), answers=ALL_TRUST
        )
        made = {}
        for name, role, station in [
            ("ana", "analyst", None),
            ("root", "admin", None),
            ("cmdr", "commander", "BGD-01"),
            ("other", "commander", "BSR-01"),
        ]:
            accounts.create_user(
                session,
                name=name,
                role=role,
                password=PASSWORD,
                station_code=station,
                vault=runtime.vault,
                hash_method=runtime.config["PASSWORD_HASH_METHOD"],
            )
            made[name] = accounts.create_token(session, name, now=NOW)
    return made


def get(client, path, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


URL = "/api/v1/stations/BGD-01/summary?week=2025-03-05"


def test_analyst_admin_and_own_commander_get_the_same_summary(client, runtime, tokens):
    with runtime.transaction() as session:
        expected = weekly_summary(session, runtime, "BGD-01", dt.date(2025, 3, 5))
    for name in ("ana", "root", "cmdr"):
        response = get(client, URL, tokens[name])
        assert response.status_code == 200, name
        assert response.json == expected
    body = response.json
    assert body["period_start"] == "2025-03-02T00:00:00+03:00"
    assert body["indicators"]["trust"]["n"] == 11
    assert body["indicators"]["trust"]["share"] == 1.0
    assert set(body["counts"]) == {
        "started",
        "completed",
        "respondents",
        "new_residents",
        "open_day_registrations",
        "open_day_attendance",
    }
    assert set(body["by_gender"]) == {"woman", "man"}


def test_station_code_is_matched_loosely(client, tokens):
    response = get(client, "/api/v1/stations/bgd01/summary?week=2025-03-05", tokens["ana"])
    assert response.status_code == 200 and response.json["station"] == "BGD-01"


def test_missing_or_bad_token_is_401(client, tokens):
    for token in (None, "fbt_not-a-real-token"):
        response = get(client, URL, token)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "indicators" not in response.json


def test_commander_of_another_station_is_403(client, tokens):
    response = get(client, URL, tokens["other"])
    assert response.status_code == 403 and "own station" in response.json["error"]
    # ...and is not told whether a station exists.
    unknown = get(client, "/api/v1/stations/XYZ-9/summary?week=2025-03-05", tokens["other"])
    assert unknown.status_code == 403


@pytest.mark.parametrize(
    "query",
    ["", "?week=", "?week=2025-13-01", "?week=last", "?week=0001-01-01", "?week=9999-12-31"],
)
def test_bad_week_is_400_with_a_sentence(client, tokens, query):
    response = get(client, f"/api/v1/stations/BGD-01/summary{query}", tokens["ana"])
    assert response.status_code == 400
    assert response.json["error"].endswith(".")


def test_unknown_station_is_404(client, tokens):
    response = get(client, "/api/v1/stations/XYZ-9/summary?week=2025-03-05", tokens["ana"])
    assert response.status_code == 404 and "XYZ-9" in response.json["error"]
    for code in ("%00%FF", "x" * 300, "'; DROP TABLE stations; --"):
        odd = get(client, f"/api/v1/stations/{code}/summary?week=2025-03-05", tokens["ana"])
        assert odd.status_code == 404, code


def test_revoked_token_is_401(client, runtime, tokens):
    with runtime.transaction() as session:
        accounts.revoke_token(session, tokens["ana"], now=NOW)
    assert get(client, URL, tokens["ana"]).status_code == 401


def test_the_current_week_is_answered_but_withheld(client, tokens):
    today = dt.datetime.now(dt.UTC).date().isoformat()
    response = get(client, f"/api/v1/stations/BGD-01/summary?week={today}", tokens["ana"])
    assert response.status_code == 200
    assert response.json["complete"] is False
    assert all(cell["suppressed"] for cell in response.json["indicators"].values())
