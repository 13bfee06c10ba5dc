import datetime as dt
import json

from feedback_bot.services.reports.summary import weekly_summary
from tests.support.reports import ALL_TRUST, BAGHDAD, add_station, respondents

SUNDAY = dt.datetime(2025, 3, 2, tzinfo=BAGHDAD)  # a week long past, whatever today is
ARGS = ["summary", "weekly", "--station", "BGD-01", "--week", "2025-03-04"]


def seed(runtime):
    with runtime.transaction() as session:
        station = add_station(session, "BGD-01")
        when = SUNDAY + dt.timedelta(days=1)
        respondents(session, runtime.vault, station, 9, when=when, answers=ALL_TRUST)
        respondents(
            session,
            runtime.vault,
            station,
            3,
            when=when,
            answers={**ALL_TRUST, "trust_police": 4, "safe_after_dark": 5},
        )


def test_json_is_exactly_the_summary(runner, runtime):
    seed(runtime)
    result = runner.invoke(args=[*ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    with runtime.transaction() as session:
        expected = weekly_summary(session, runtime, "BGD-01", dt.date(2025, 3, 4))
    assert json.loads(result.output) == expected
    assert expected["indicators"]["trust"]["share"] == 0.75


def test_text_is_readable_and_shows_suppression(runner, runtime):
    seed(runtime)
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Station BGD-01, week 2025-03-02 to 2025-03-08 (Asia/Baghdad)" in text
    assert "started 12, completed 12, respondents 12" in text
    lines = text.splitlines()
    this_week = lines[lines.index("This week") + 1 :]
    assert this_week[0].split() == ["trust", "75%", "(47%–91%),", "n=12"]
    assert this_week[1].split() == ["safe", "suppressed", "(<10)"]  # 9: code 5 is left out
    assert "women_access" in text and "null" not in text and "None" not in text


def test_bad_week_and_unknown_station(runner, runtime):
    seed(runtime)
    bad = runner.invoke(args=["summary", "weekly", "--station", "BGD-01", "--week", "soon"])
    assert bad.exit_code == 1 and "--week must be a date" in bad.output
    unknown = runner.invoke(
        args=["summary", "weekly", "--station", "NOPE-1", "--week", "2025-03-04"]
    )
    assert unknown.exit_code == 1 and "no station with code NOPE-1" in unknown.output
    assert "Traceback" not in unknown.output


def test_text_shows_rolling_change_and_panel(runner, runtime):
    with runtime.transaction() as session:
        station = add_station(session, "BGD-01")
        for weeks_back in range(8):
            when = SUNDAY - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=2)
            respondents(session, runtime.vault, station, 6, when=when, answers=ALL_TRUST)
            later = {**ALL_TRUST, "trust_police": 3}
            respondents(
                session,
                runtime.vault,
                station,
                6,
                when=when,
                answers=ALL_TRUST if weeks_back >= 4 else later,
            )
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    def row(section, name):
        start = lines.index(section)
        return next(line for line in lines[start:] if line.split()[0] == name).split()

    assert row("This week", "trust") == ["trust", "50%", "(25%–75%),", "n=12"]
    assert row("Rolling 4 weeks", "trust") == ["trust", "50%", "(36%–64%),", "n=48"]
    change = row("Change vs the previous 4 weeks", "trust")
    assert change[:3] == ["trust", "-50", "points"]
    assert row("Change vs the previous 4 weeks", "safe")[1:] == ["+0", "points", "(-7", "to", "+7)"]
