"""P3: exporting answers (long CSV) vs the database's own CSV dump, with peak memory.

    .venv/bin/python -m benchmarks.export [--sizes 100000,1000000] [--sqlite] [--write]

For each size a fresh PostgreSQL database gets that many generated answers; then, in the
same run, ``feedback-bot export answers --format long`` (and ``--format wide``) is timed
against ``psql -c "COPY (<the same join>) TO STDOUT WITH CSV"``, and with ``--sqlite``
the same data cloned into SQLite against ``sqlite3 -csv``. Wall time and peak resident
memory of each process come from GNU time (``/usr/bin/time -f "%e %M"``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    ROOT,
    VENV_BIN,
    bench_config,
    libpq_url,
    machine_facts,
    pg_database,
    table,
    write_section,
)
from benchmarks.datagen import copy_to_sqlite, prepare

TARGET_RATIO = 3.0
TARGET_PEAK_MB = 150.0

# The long export's columns from the same joins, in the same order, without any Python.
RAW_QUERY = """
SELECT p.id, r.respondent_id, p.wave, p.poll_id, p.poll_version, s.code, s.governorate,
       p.channel, p.language, r.gender, r.age_band, a.question_id, a.answer_code,
       a.answer_text, p.started_at, a.answered_at, p.completed_at, a.status
FROM responses p
JOIN answers a ON a.response_id = p.id
JOIN residents r ON r.id = p.resident_id
JOIN stations s ON s.id = p.station_id
ORDER BY p.id, a.id
"""


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def formatted_copy_query() -> str:
    """What-if (profiling.md, export change 3): the long export's cells made in SQL.

    Labels from the poll files as a VALUES list, the formula guard as a CASE, phone-like
    runs masked with regexp_replace, ISO timestamps with to_char: the same columns and
    order as ``export answers --format long``, for ``COPY … TO STDOUT``.
    """
    from feedback_bot.services.export.cells import PHONE_MASK
    from feedback_bot.services.export.polls import PollIndex, all_polls

    index = PollIndex.build(all_polls())
    labels = ", ".join(
        f"({_literal(poll)}, {version}, {_literal(qid)}, {code}, {_literal(label)})"
        for (poll, version, qid, code), label in index.labels_en.items()
    )
    order = " ".join(f"WHEN {_literal(q)} THEN {i}" for q, i in index.positions.items())
    quote = _literal("'")
    guard = "('=', '+', '-', '@', chr(9), chr(13))"
    phone = _literal(r"\+?[0-9٠-٩۰-۹]([\s.()-]*[0-9٠-٩۰-۹]){8,}")

    def iso(column: str) -> str:
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""

    return f"""
SELECT p.id, r.respondent_id, p.wave, p.poll_id, p.poll_version, s.code, s.governorate,
       p.channel, p.language, r.gender, r.age_band, a.question_id, a.answer_code,
       coalesce(l.label, ''),
       CASE WHEN left(m.t, 1) IN {guard} THEN {quote} || m.t ELSE m.t END,
       {iso("p.started_at")}, {iso("a.answered_at")}, {iso("p.completed_at")}, a.status
FROM responses p
JOIN answers a ON a.response_id = p.id
JOIN residents r ON r.id = p.resident_id
JOIN stations s ON s.id = p.station_id
LEFT JOIN (VALUES {labels}) AS l(poll_id, poll_version, question_id, code, label)
       ON l.poll_id = p.poll_id AND l.poll_version = p.poll_version
      AND l.question_id = a.question_id AND l.code = a.answer_code
CROSS JOIN LATERAL (
    SELECT regexp_replace(a.answer_text, {phone}, {_literal(PHONE_MASK)}, 'g') AS t
) m
ORDER BY p.id, CASE a.question_id {order} ELSE {len(index.positions)} END, a.id
"""


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    rows: int


def timed(command: list[str], *, stdout: Path | None = None, env: dict[str, str] | None = None
          ) -> Measured:  # fmt: skip
    """Run COMMAND under GNU time; rows are the lines written to STDOUT or --out."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
        try:
            subprocess.run(
                ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
                stdout=out,
                stderr=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                cwd=ROOT,
                check=True,
            )
        finally:
            if stdout:
                out.close()
        seconds, kilobytes = report.read().split()[-2:]
    return Measured(float(seconds), int(kilobytes) / 1024, 0)


def count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def export_app(database_url: str, out: Path, fmt: str) -> Measured:
    measured = timed(
        [str(VENV_BIN / "feedback-bot"), "export", "answers", "--out", str(out), "--format", fmt],
        env=bench_config(database_url),
    )
    measured.rows = count_lines(out) - 1  # header; comments in the data have no newlines
    return measured


def export_psql(database_url: str, out: Path) -> Measured:
    query = f"COPY ({RAW_QUERY.strip()}) TO STDOUT WITH CSV HEADER"
    measured = timed(["psql", "-X", "-q", libpq_url(database_url), "-c", query], stdout=out)
    measured.rows = count_lines(out) - 1
    return measured


def export_psql_formatted(database_url: str, out: Path) -> Measured:
    query = f"COPY ({formatted_copy_query().strip()}) TO STDOUT WITH CSV HEADER"
    measured = timed(["psql", "-X", "-q", libpq_url(database_url), "-c", query], stdout=out)
    measured.rows = count_lines(out) - 1
    return measured


def export_sqlite3(path: Path, out: Path) -> Measured:
    measured = timed(["sqlite3", "-csv", "-header", str(path), RAW_QUERY.strip()], stdout=out)
    measured.rows = count_lines(out) - 1
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--sqlite", action="store_true", help="also compare on SQLite")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="load conditions to record with the figures")
    args = parser.parse_args()
    facts = machine_facts()
    rows, verdicts = [], []
    peaks: dict[str, list[float]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        with pg_database("export") as url, tempfile.TemporaryDirectory() as tmp:
            counts = prepare(url, answers=size)
            work = Path(tmp)
            export_psql(url, work / "warm.csv")  # the same buffers for both sides
            raw = export_psql(url, work / "raw.csv")
            long = export_app(url, work / "long.csv", "long")
            wide = export_app(url, work / "wide.csv", "wide")
            formatted = export_psql_formatted(url, work / "formatted.csv")
            runs = [("PostgreSQL", "psql COPY … TO STDOUT WITH CSV", raw, None),
                    ("PostgreSQL", "export answers --format long", long, raw),
                    ("PostgreSQL", "export answers --format wide", wide, raw),
                    ("PostgreSQL", "what-if: COPY with the long export's cells made in SQL",
                     formatted, raw)]  # fmt: skip
            if args.sqlite:
                sqlite_path = work / "bench.db"
                sqlite_url = f"sqlite:///{sqlite_path}"
                copy_to_sqlite(url, sqlite_url)
                export_sqlite3(sqlite_path, work / "warm-sqlite.csv")
                raw_lite = export_sqlite3(sqlite_path, work / "raw-sqlite.csv")
                long_lite = export_app(sqlite_url, work / "long-sqlite.csv", "long")
                runs += [("SQLite", "sqlite3 -csv", raw_lite, None),
                         ("SQLite", "export answers --format long", long_lite, raw_lite)]  # fmt: skip
            for backend, what, m, base in runs:
                ratio = f"{m.seconds / base.seconds:.2f}×" if base and base.seconds else "1×"
                rows.append([f"{counts['answers']:,}", backend, what, f"{m.rows:,}",
                             f"{m.seconds:.2f}", ratio, f"{m.peak_mb:.0f}"])  # fmt: skip
                print(" | ".join(rows[-1]), flush=True)
                if base is not None and what.startswith("export answers --format long"):
                    peaks.setdefault(backend, []).append(m.peak_mb)
                    r = m.seconds / base.seconds if base.seconds else 0
                    verdicts.append(
                        f"{backend}, {counts['answers']:,} answers: long export {r:.2f}× the "
                        f"database's own dump (target ≤ {TARGET_RATIO:.0f}×: "
                        f"{'met' if r <= TARGET_RATIO else 'MISSED'}), peak {m.peak_mb:.0f} MB "
                        f"(target < {TARGET_PEAK_MB:.0f} MB: "
                        f"{'met' if m.peak_mb < TARGET_PEAK_MB else 'MISSED'})"
                        + ("" if m.rows == base.rows else f"; ROW COUNTS DIFFER ({base.rows:,})")
                    )
    for backend, values in peaks.items():
        if len(values) > 1:
            verdicts.append(
                f"{backend}: peak memory {' → '.join(f'{v:.0f} MB' for v in values)} from the "
                f"smallest to the largest export ({values[-1] / values[0]:.2f}×)"
            )
    print("\n".join(verdicts))
    if args.write:
        write_section(
            "p3",
            "\n\n".join(
                [
                    f"Run: {facts}." + (f" Conditions: {args.note}" if args.note else ""),
                    table(
                        [
                            "answers",
                            "backend",
                            "command",
                            "rows out",
                            "seconds",
                            "vs dump",
                            "peak RSS MB",
                        ],
                        rows,
                    ),
                    "\n".join(f"- {v}" for v in verdicts),
                ]
            ),
        )


if __name__ == "__main__":
    main()
