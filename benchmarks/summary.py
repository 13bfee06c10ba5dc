"""P2: one station's weekly summary over ~1,000,000 answers vs the same aggregates in raw SQL.

    .venv/bin/python -m benchmarks.summary [--answers 1000000] [--repeats 30] [--sqlite] [--write]

A fresh PostgreSQL database gets the generated year of data (benchmarks.datagen). In the
same run, alternately, ``services.reports.weekly_summary`` for the busiest station and a
recent complete week, and hand-written SQL doing the same aggregation (the indicator
tallies over the 15 weeks the trend needs, the week's tallies by gender, the panel over
the rolling 4 weeks, the week's counts; ``random_page_cost = 1.1`` as the service sets) through the same engine, fetched in full. With ``--sqlite`` the data is
cloned into SQLite and measured again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from benchmarks.common import bench_config, machine_facts, pg_database, table, write_section
from benchmarks.datagen import ANCHOR, copy_to_sqlite, prepare

TARGET_RATIO = 1.5
TARGET_MS = 200.0
STATION = "BGD-01"  # the busiest generated station (3 in 11 residents)
QUESTIONS = ("trust_police", "safe_after_dark", "police_respect", "report_crime", "women_access")
WEEK = 7 * 24 * 3600

_IN = "('" + "', '".join(QUESTIONS) + "')"
_COUNTED = """
    SELECT max(id) AS response_id, resident_id,
           CAST(({seconds}) / 604800 AS INTEGER) AS week
    FROM responses
    WHERE station_id = :station AND poll_id = 'trust' AND status = 'completed'
      AND completed_at >= :first AND completed_at < :last {extra}
    GROUP BY resident_id, week
"""
_SECONDS = {
    "postgresql": "extract(epoch FROM completed_at - :first)",
    "sqlite": "(julianday(completed_at) - julianday(:first)) * 86400",
}
RAW_TALLIES = """
WITH counted AS ({counted})
SELECT c.week, a.question_id, a.answer_code, count(*)
FROM counted c
JOIN answers a ON a.response_id = c.response_id
WHERE a.question_id IN {questions} AND a.status = 'answered' AND a.answer_code IS NOT NULL
GROUP BY c.week, a.question_id, a.answer_code
"""
RAW_GENDER = """
WITH counted AS ({counted})
SELECT r.gender, a.question_id, a.answer_code, count(*)
FROM counted c
JOIN answers a ON a.response_id = c.response_id
JOIN residents r ON r.id = c.resident_id
WHERE a.question_id IN {questions} AND a.status = 'answered' AND a.answer_code IS NOT NULL
GROUP BY r.gender, a.question_id, a.answer_code
"""
RAW_PANEL = """
WITH later AS ({counted})
SELECT l.week, af.question_id, bf.answer_code, af.answer_code, count(*)
FROM later l
JOIN responses f ON f.resident_id = l.resident_id AND f.station_id = :station
     AND f.poll_id = 'trust' AND f.wave = 1 AND f.status = 'completed'
JOIN answers af ON af.response_id = l.response_id
JOIN answers bf ON bf.response_id = f.id AND bf.question_id = af.question_id
WHERE af.question_id IN {questions} AND af.status = 'answered' AND bf.status = 'answered'
GROUP BY l.week, af.question_id, bf.answer_code, af.answer_code
"""
RAW_COUNTS = """
SELECT
  (SELECT count(*) FROM responses WHERE station_id = :station AND poll_id = 'trust'
     AND started_at >= :start AND started_at < :end),
  (SELECT count(*) FROM responses WHERE station_id = :station AND poll_id = 'trust'
     AND status = 'completed' AND completed_at >= :start AND completed_at < :end),
  (SELECT count(DISTINCT resident_id) FROM responses WHERE station_id = :station
     AND poll_id = 'trust' AND status = 'completed' AND completed_at >= :start
     AND completed_at < :end),
  (SELECT count(*) FROM residents WHERE station_id = :station AND consented_at >= :start
     AND consented_at < :end),
  (SELECT count(*) FROM registrations g JOIN open_days o ON o.id = g.open_day_id
     WHERE o.station_id = :station AND g.created_at >= :start AND g.created_at < :end),
  (SELECT count(*) FROM registrations g JOIN open_days o ON o.id = g.open_day_id
     WHERE o.station_id = :station AND g.attended_at >= :start AND g.attended_at < :end)
"""


def raw_statements(dialect: str) -> list[Any]:
    seconds = _SECONDS[dialect]
    counted = _COUNTED.format(seconds=seconds, extra="")
    later = _COUNTED.format(seconds=seconds, extra="AND wave > 1")
    return [
        text(RAW_TALLIES.format(counted=counted, questions=_IN)),
        text(RAW_GENDER.format(counted=counted, questions=_IN)),
        text(RAW_PANEL.format(counted=later, questions=_IN)),
        text(RAW_COUNTS),
    ]


def measure(function: Callable[[], Any], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run_backend(database_url: str, week_date: dt.date, repeats: int) -> dict[str, Any]:
    from feedback_bot import create_app
    from feedback_bot.runtime import get_runtime
    from feedback_bot.services.reports.summary import WEEKS_READ, week_bounds, weekly_summary

    app = create_app(bench_config(database_url))
    runtime = get_runtime(app)
    config = runtime.config
    local = week_bounds(
        week_date, week_start=config["WEEK_START"], timezone=config["TIMEZONE"], weeks=WEEKS_READ
    )
    bounds = [moment.astimezone(dt.UTC) for moment in local]
    dialect = runtime.engine.dialect.name
    tallies, gender, panel, counts = raw_statements(dialect)
    with runtime.transaction() as session:
        station_id = session.execute(
            text("SELECT id FROM stations WHERE code = :code"), {"code": STATION}
        ).scalar_one()

    def _bind(moment: dt.datetime) -> Any:
        # SQLite keeps naive UTC text (UTCDateTime); PostgreSQL aware timestamps.
        return moment.replace(tzinfo=None) if dialect == "sqlite" else moment

    params_tallies = {"station": station_id, "first": _bind(bounds[0]), "last": _bind(bounds[-1])}
    params_gender = {"station": station_id, "first": _bind(bounds[-2]), "last": _bind(bounds[-1])}
    params_panel = {"station": station_id, "first": _bind(bounds[-5]), "last": _bind(bounds[-1])}
    params_counts = {"station": station_id, "start": _bind(bounds[-2]), "end": _bind(bounds[-1])}

    def app_summary() -> dict[str, Any]:
        with runtime.sessions() as session:
            return weekly_summary(session, runtime, STATION, week_date)

    def raw_sql() -> None:
        with runtime.engine.begin() as connection:
            if dialect == "postgresql":  # the planner setting weekly_summary uses too
                connection.execute(text("SET LOCAL random_page_cost = 1.1"))
            connection.execute(tallies, params_tallies).all()
            connection.execute(gender, params_gender).all()
            connection.execute(panel, params_panel).all()
            connection.execute(counts, params_counts).all()

    summary = app_summary()
    for _ in range(3):  # warm caches and the connection pool on both sides
        app_summary()
        raw_sql()
    app_ms: list[float] = []
    raw_ms: list[float] = []
    for _ in range(repeats):  # alternate so both see the same machine
        raw_ms += measure(raw_sql, 1)
        app_ms += measure(app_summary, 1)
    runtime.engine.dispose()
    return {"app": app_ms, "raw": raw_ms, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="load conditions to record with the figures")
    args = parser.parse_args()
    facts = machine_facts()
    week_date = (ANCHOR - dt.timedelta(days=7)).date()
    rows, verdicts = [], []
    with pg_database("summary") as url:
        counts = prepare(url, answers=args.answers)
        backends = [("PostgreSQL", url)]
        if args.sqlite:
            import tempfile

            tmp = tempfile.mkdtemp(prefix="fb_bench_summary_")
            sqlite_url = f"sqlite:///{tmp}/bench.db"
            copy_to_sqlite(url, sqlite_url)
            backends.append(("SQLite", sqlite_url))
        for backend, database_url in backends:
            result = run_backend(database_url, week_date, args.repeats)
            app_median = statistics.median(result["app"])
            raw_median = statistics.median(result["raw"])
            ratio = app_median / raw_median
            for what, values in (("raw SQL (same aggregates)", result["raw"]),
                                 ("weekly_summary()", result["app"])):  # fmt: skip
                ordered = sorted(values)
                rows.append([backend, what, f"{ordered[0]:.1f}", f"{statistics.median(ordered):.1f}",
                             f"{ordered[int(0.95 * (len(ordered) - 1))]:.1f}"])  # fmt: skip
                print(" | ".join(rows[-1]), flush=True)
            c = result["summary"]["counts"]
            verdicts.append(
                f"{backend}: weekly_summary {app_median:.1f} ms median, {ratio:.2f}× the raw SQL "
                f"(target ≤ {TARGET_RATIO}×: {'met' if ratio <= TARGET_RATIO else 'MISSED'})"
                + (
                    f", target < {TARGET_MS:.0f} ms: {'met' if app_median < TARGET_MS else 'MISSED'}"
                    if backend == "PostgreSQL"
                    else ""
                )
                + f"; the week had {c['completed']} completed responses, "
                f"{c['respondents']} respondents"
            )
            print(verdicts[-1], flush=True)
    if args.write:
        write_section(
            "p2",
            "\n\n".join(
                [
                    f"Run: {facts}." + (f" Conditions: {args.note}" if args.note else ""),
                    f"Data: {counts['answers']:,} answers, {counts['responses']:,} responses, "
                    f"{counts['residents']:,} residents, 6 stations, 52 weeks (waves 1–3). "
                    f"Station {STATION}, week of {week_date}; {args.repeats} timed runs of each, "
                    "alternating, after 3 warm-up runs.",
                    table(["backend", "what", "min ms", "median ms", "p95 ms"], rows),
                    "\n".join(f"- {v}" for v in verdicts),
                ]
            ),
        )


if __name__ == "__main__":
    main()
