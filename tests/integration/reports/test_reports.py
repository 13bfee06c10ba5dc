import datetime as dt

import pytest
from sqlalchemy import select

from feedback_bot.errors import UserError
from feedback_bot.models import OpenDay, Registration, Resident
from feedback_bot.runtime import get_runtime
from feedback_bot.services.reports.summary import week_bounds, weekly_summary
from tests.support.reports import (
    ALL_TRUST,
    BAGHDAD,
    LATER,
    SUNDAY,
    WEEK,
    add_resident,
    add_response,
    add_station,
    respondents,
)


def summary(runtime, code="BGD-01", week=WEEK, now=LATER):
    with runtime.transaction() as session:
        return weekly_summary(session, runtime, code, week, now=now)


@pytest.fixture
def station(runtime):
    with runtime.transaction() as session:
        return add_station(session)


def test_twelve_respondents_nine_trusting(runtime, station):
    wednesday = SUNDAY + dt.timedelta(days=3, hours=10)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 9, when=wednesday, answers=ALL_TRUST)
        respondents(
            session,
            runtime.vault,
            station,
            3,
            when=wednesday,
            answers={
                "trust_police": 3,
                "safe_after_dark": 5,
                "police_respect": 4,
                "report_crime": 2,
                "women_access": 3,
            },
        )
    result = summary(runtime)
    assert result["station"] == "BGD-01"
    assert result["period_start"] == "2026-11-01T00:00:00+03:00"
    assert result["period_end"] == "2026-11-08T00:00:00+03:00"
    assert result["indicators"]["trust"] == {
        "n": 12,
        "share": 0.75,
        "ci_low": 0.4677,
        "ci_high": 0.9111,
        "suppressed": False,
    }
    # "I never go out alone at night" is outside the denominator: 9 of 9 -> suppressed.
    assert result["indicators"]["safe"]["n"] == 9
    assert result["indicators"]["safe"]["suppressed"] is True
    assert result["indicators"]["safe"]["share"] is None
    assert result["indicators"]["would_report"]["share"] == 1.0
    assert result["indicators"]["women_access"]["share"] == 0.75
    assert result["counts"]["completed"] == 12 and result["counts"]["respondents"] == 12


def test_nine_respondents_are_suppressed_ten_are_shown(runtime, station):
    when = SUNDAY + dt.timedelta(days=1)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 9, when=when, answers=ALL_TRUST)
    nine = summary(runtime)["indicators"]["trust"]
    assert nine == {"n": 9, "share": None, "ci_low": None, "ci_high": None, "suppressed": True}
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 1, when=when, answers={"trust_police": 4})
    ten = summary(runtime)["indicators"]["trust"]
    assert ten["suppressed"] is False and ten["n"] == 10 and ten["share"] == 0.9


def test_unanswered_questions_are_left_out(runtime, station):
    when = SUNDAY + dt.timedelta(days=1)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 10, when=when, answers=ALL_TRUST)
        respondents(
            session,
            runtime.vault,
            station,
            2,
            when=when,
            answers={**ALL_TRUST, "trust_police": None},
        )
    result = summary(runtime)["indicators"]
    assert result["trust"]["n"] == 10 and result["respect"]["n"] == 12


def test_gender_cells_hide_what_subtraction_would_reveal(runtime, station):
    when = SUNDAY + dt.timedelta(days=2)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 12, when=when, answers=ALL_TRUST, gender=1)
        respondents(
            session,
            runtime.vault,
            station,
            8,
            when=when,
            answers={**ALL_TRUST, "trust_police": 4},
            gender=2,
        )
    result = summary(runtime)
    assert result["indicators"]["trust"]["share"] == 0.6
    # Men (8) are hidden, so women are hidden too: total − women would give the men.
    assert result["by_gender"]["woman"]["trust"]["suppressed"] is True
    assert result["by_gender"]["man"]["trust"]["suppressed"] is True
    assert result["by_gender"]["woman"]["trust"]["share"] is None

    with runtime.transaction() as session:
        respondents(
            session,
            runtime.vault,
            station,
            2,
            when=when,
            answers={**ALL_TRUST, "trust_police": 4},
            gender=2,
        )
    result = summary(runtime)
    assert result["by_gender"]["woman"]["trust"]["share"] == 1.0
    assert result["by_gender"]["man"]["trust"]["share"] == 0.0
    assert result["by_gender"]["man"]["trust"]["n"] == 10

    with runtime.transaction() as session:  # 3 "prefer not to say" could now be subtracted
        respondents(session, runtime.vault, station, 3, when=when, answers=ALL_TRUST, gender=3)
    result = summary(runtime)
    assert result["indicators"]["trust"]["n"] == 25
    assert result["by_gender"]["woman"]["trust"]["suppressed"] is True
    assert result["by_gender"]["man"]["trust"]["suppressed"] is True


def test_week_starts_on_sunday_in_baghdad(runtime, station):
    saturday_late = dt.datetime(2026, 11, 7, 23, 30, tzinfo=BAGHDAD)
    sunday_early = dt.datetime(2026, 11, 8, 0, 30, tzinfo=BAGHDAD)
    previous_saturday = dt.datetime(2026, 10, 31, 23, 30, tzinfo=BAGHDAD)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 10, when=saturday_late, answers=ALL_TRUST)
        respondents(session, runtime.vault, station, 11, when=sunday_early, answers=ALL_TRUST)
        respondents(session, runtime.vault, station, 12, when=previous_saturday, answers=ALL_TRUST)
    assert summary(runtime)["indicators"]["trust"]["n"] == 10
    # Any day of the week gives the same week; Sunday 8th starts the next one.
    assert summary(runtime, week=dt.date(2026, 11, 1))["indicators"]["trust"]["n"] == 10
    assert summary(runtime, week=dt.date(2026, 11, 7))["indicators"]["trust"]["n"] == 10
    assert summary(runtime, week=dt.date(2026, 11, 8))["indicators"]["trust"]["n"] == 11
    assert summary(runtime, week=dt.date(2026, 10, 31))["indicators"]["trust"]["n"] == 12


def test_week_bounds_follow_week_start_and_daylight_saving():
    bounds = week_bounds(WEEK, week_start="monday", timezone="Europe/London", weeks=1)
    assert [b.isoformat() for b in bounds] == [
        "2026-11-02T00:00:00+00:00",
        "2026-11-09T00:00:00+00:00",
    ]
    # London leaves summer time on 25 October 2026: each week starts at local midnight.
    bounds = week_bounds(WEEK, week_start="sunday", timezone="Europe/London", weeks=2)
    assert [b.isoformat() for b in bounds] == [
        "2026-10-25T00:00:00+01:00",
        "2026-11-01T00:00:00+00:00",
        "2026-11-08T00:00:00+00:00",
    ]


def test_config_week_start_is_used(make_app):
    app = make_app(WEEK_START="monday")
    runtime = get_runtime(app)
    with runtime.transaction() as session:
        add_station(session)
    with runtime.transaction() as session:
        result = weekly_summary(session, runtime, "BGD-01", WEEK, now=LATER)
    assert result["period_start"] == "2026-11-02T00:00:00+03:00"
    assert result["trend"][0]["week_start"] == "2026-08-17T00:00:00+03:00"


def test_counts(runtime, station):
    wednesday = SUNDAY + dt.timedelta(days=3)
    with runtime.transaction() as session:
        other = add_station(session, "BSR-01")
        someone = add_resident(session, runtime.vault, station)
        add_response(session, someone, station, wednesday, ALL_TRUST)
        add_response(session, someone, station, wednesday + dt.timedelta(hours=1), ALL_TRUST)
        add_response(
            session,
            add_resident(session, runtime.vault, station),
            station,
            wednesday,
            {"trust_police": 1},
            status="in_progress",
        )
        add_response(
            session, add_resident(session, runtime.vault, other), other, wednesday, ALL_TRUST
        )
        add_resident(session, runtime.vault, station, consented_at=SUNDAY - dt.timedelta(days=1))
        day = OpenDay(
            station_id=station.id,
            starts_at=wednesday,
            ends_at=wednesday + dt.timedelta(hours=3),
            capacity=20,
        )
        session.add(day)
        session.flush()
        for index, resident in enumerate(session.scalars(select(Resident).limit(3))):
            session.add(
                Registration(
                    open_day_id=day.id,
                    resident_id=resident.id,
                    code=f"ABCDE{index + 2}",
                    created_at=SUNDAY,
                    attended_at=wednesday if index == 0 else None,
                )
            )
    counts = summary(runtime)["counts"]
    assert counts == {
        "started": 3,
        "completed": 2,
        "respondents": 1,
        "new_residents": 2,
        "open_day_registrations": 3,
        "open_day_attendance": 1,
    }
    # The same resident twice in one week is one respondent in the cells as well.
    assert summary(runtime)["indicators"]["trust"]["n"] == 1
    assert summary(runtime, "bsr01")["counts"]["completed"] == 1


def test_unknown_station_is_a_user_error(runtime):
    with pytest.raises(UserError, match="no station with code XYZ-9"):
        summary(runtime, "XYZ-9")


def test_trend_rolling_and_change(runtime, station):
    with runtime.transaction() as session:
        # Weeks 8..5 before: 12 a week, all trusting; the last 4 weeks: 12 a week, half.
        for weeks_back in range(8):
            when = SUNDAY - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=2)
            respondents(session, runtime.vault, station, 6, when=when, answers=ALL_TRUST)
            respondents(
                session,
                runtime.vault,
                station,
                6,
                when=when,
                answers=ALL_TRUST if weeks_back >= 4 else {"trust_police": 3},
            )
    result = summary(runtime)
    trend = result["trend"]
    assert len(trend) == 12
    assert trend[0]["week_start"] == "2026-08-16T00:00:00+03:00"
    assert trend[-1]["week_start"] == result["period_start"]
    assert [w["indicators"]["trust"]["n"] for w in trend] == [0] * 4 + [12] * 8
    assert trend[-1]["indicators"] == result["indicators"]
    assert result["rolling_4w"]["trust"]["n"] == 48
    assert result["rolling_4w"]["trust"]["share"] == 0.5
    assert trend[-1]["rolling_4w"] == result["rolling_4w"]
    assert trend[7]["rolling_4w"]["trust"]["share"] == 1.0
    # First weeks of data: windows mix empty and full weeks, all "known": shown.
    assert trend[4]["rolling_4w"]["trust"]["n"] == 12
    change = result["change_vs_previous_4w"]["trust"]
    assert change["difference"] == -0.5
    assert change["previous"]["share"] == 1.0 and change["ci_high"] < 0


def test_rolling_hides_a_small_week_beside_shown_weeks(runtime, station):
    with runtime.transaction() as session:
        for weeks_back in (1, 2, 3):
            when = SUNDAY - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=2)
            respondents(session, runtime.vault, station, 10, when=when, answers=ALL_TRUST)
        respondents(
            session,
            runtime.vault,
            station,
            3,
            when=SUNDAY + dt.timedelta(days=1),
            answers=ALL_TRUST,
        )
    result = summary(runtime)
    assert result["indicators"]["trust"]["suppressed"] is True
    assert result["rolling_4w"]["trust"]["suppressed"] is True  # 33 − 30 would give the 3
    assert result["trend"][-2]["rolling_4w"]["trust"]["n"] == 30


def test_a_week_not_yet_over_is_withheld(runtime, station):
    when = SUNDAY + dt.timedelta(days=1)
    with runtime.transaction() as session:
        respondents(session, runtime.vault, station, 12, when=when, answers=ALL_TRUST)
    during = summary(runtime, now=SUNDAY + dt.timedelta(days=2))
    assert during["complete"] is False
    assert during["counts"]["completed"] == 12
    assert during["indicators"]["trust"]["suppressed"] is True
    assert during["rolling_4w"]["trust"]["suppressed"] is True
    after = summary(runtime, now=SUNDAY + dt.timedelta(days=7))
    assert after["complete"] is True and after["indicators"]["trust"]["share"] == 1.0


def test_panel_counts_moves_between_waves(runtime, station):
    first = SUNDAY - dt.timedelta(weeks=6)
    later = SUNDAY + dt.timedelta(days=1)
    moves = [(3, 1)] * 6 + [(1, 4)] * 2 + [(1, 2)] * 3 + [(4, 4)] * 1
    with runtime.transaction() as session:
        for before, after in moves:
            resident = add_resident(session, runtime.vault, station)
            add_response(session, resident, station, first, {"trust_police": before})
            add_response(session, resident, station, later, {"trust_police": after}, wave=2)
    panel = summary(runtime)["panel"]
    assert panel["period_end"] == "2026-11-08T00:00:00+03:00"
    assert panel["period_start"] == "2026-10-11T00:00:00+03:00"
    assert panel["indicators"]["trust"] == {
        "n": 12,
        "up": 6,
        "down": 2,
        "same": 4,
        "mcnemar_p": 0.2891,
        "suppressed": False,
    }
    assert panel["indicators"]["respect"]["suppressed"] is True
    assert panel["indicators"]["respect"]["n"] == 0


def test_panel_under_ten_is_suppressed(runtime, station):
    with runtime.transaction() as session:
        for _ in range(9):
            resident = add_resident(session, runtime.vault, station)
            add_response(
                session, resident, station, SUNDAY - dt.timedelta(weeks=6), {"trust_police": 3}
            )
            add_response(
                session,
                resident,
                station,
                SUNDAY + dt.timedelta(days=1),
                {"trust_police": 1},
                wave=2,
            )
    trust = summary(runtime)["panel"]["indicators"]["trust"]
    assert trust["suppressed"] is True and trust["up"] is None and trust["n"] == 9
