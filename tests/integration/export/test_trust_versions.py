"""Answers given to trust version 1 and version 2: kept apart in exports, pooled in summaries."""

from __future__ import annotations

import csv
import datetime as dt

from feedback_bot.services.reports.summary import weekly_summary
from tests.support.reports import (
    ALL_TRUST,
    LATER,
    SUNDAY,
    WEEK,
    add_resident,
    add_response,
    add_station,
)

WEDNESDAY = SUNDAY + dt.timedelta(days=3, hours=10)


def respond(runtime, station, count, version, answers=ALL_TRUST):
    with runtime.transaction() as session:
        for _ in range(count):
            resident = add_resident(session, runtime.vault, station)
            add_response(session, resident, station, WEDNESDAY, answers, poll_version=version)


def test_a_summary_pools_both_versions_because_their_codes_mean_the_same(runtime):
    with runtime.transaction() as session:
        station = add_station(session)
    # Six of each version: either alone would be suppressed (fewer than 10).
    respond(runtime, station, 6, version=1)
    respond(runtime, station, 4, version=2)
    respond(runtime, station, 2, version=2, answers={**ALL_TRUST, "trust_police": 4})
    with runtime.transaction() as session:
        summary = weekly_summary(session, runtime, "BGD-01", WEEK, now=LATER)
    trust = summary["indicators"]["trust"]
    assert (trust["n"], trust["share"], trust["suppressed"]) == (12, 0.8333, False)
    assert summary["counts"]["completed"] == 12


def test_each_answer_keeps_the_version_it_was_given_in(runner, runtime, tmp_path):
    with runtime.transaction() as session:
        station = add_station(session)
    respond(runtime, station, 1, version=1)
    respond(runtime, station, 1, version=2)
    out = tmp_path / "answers.csv"
    result = runner.invoke(args=["export", "answers", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    versions = {(row["poll_version"], row["question_id"], row["answer_label_en"]) for row in rows}
    for version in ("1", "2"):
        assert (version, "trust_police", "a great deal") in versions
        assert (version, "safe_after_dark", "very safe") in versions
    assert len(rows) == 10
