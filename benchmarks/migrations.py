"""Migrations down and up on PostgreSQL, with data in the tables, through the operator's CLI.

    .venv/bin/python -m benchmarks.migrations [--answers 20000] [--write]

On a fresh database: ``feedback-bot db upgrade`` → seed and generated data →
``db downgrade base`` (every table gone, nothing left behind) → ``db upgrade`` → the
schema equals the one the first upgrade made (tables, columns, indexes, constraints),
then once more down and up on the empty schema. Each step is timed.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import create_engine, text

from benchmarks.common import machine_facts, migrate, pg_database, run_cli, table, write_section
from benchmarks.datagen import generate

SCHEMA = """
SELECT 'column', table_name || '.' || column_name || ' ' || data_type || ' '
       || is_nullable || ' ' || coalesce(column_default, '')
FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'constraint', conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT 'type', typname FROM pg_type
WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd')
UNION ALL
SELECT 'sequence', sequence_name FROM information_schema.sequences
WHERE sequence_schema = 'public'
ORDER BY 1, 2
"""


def schema(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(text(SCHEMA))]
    engine.dispose()
    return rows


def timed(label: str, steps: list[list[str]], action) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    detail = action()
    steps.append([label, f"{time.perf_counter() - started:.2f}", detail or ""])
    print(" | ".join(steps[-1]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    facts = machine_facts()
    steps: list[list[str]] = []
    problems: list[str] = []
    with pg_database("migrations") as url:
        timed("db upgrade (empty database)", steps, lambda: migrate(url))
        first = schema(url)
        run_cli(url, ["seed", "demo"])
        timed("generate data", steps, lambda: str(generate(url, answers=args.answers)))

        def down() -> str:
            out = run_cli(url, ["db", "downgrade", "base"]).stdout.strip()
            left = [r for r in schema(url) if "alembic_version" not in r[1]]
            if left:
                problems.append(f"left after downgrade base: {left[:5]}")
            return out + f" {len(left)} schema objects left"

        def up() -> str:
            out = run_cli(url, ["db", "upgrade"]).stdout.strip()
            if schema(url) != first:
                differ = sorted(set(schema(url)) ^ set(first))
                problems.append(f"schema after re-upgrade differs: {differ[:5]}")
            return out + " schema identical to the first upgrade"

        timed("db downgrade base (with data)", steps, down)
        timed("db upgrade", steps, up)
        timed("db downgrade base (empty)", steps, down)
        timed("db upgrade", steps, up)
    verdict = "PASSED" if not problems else "FAILED: " + "; ".join(problems)
    print(verdict)
    if args.write:
        write_section(
            "migrations",
            "\n\n".join(
                [
                    f"Run: {facts}.",
                    table(["step", "seconds", "result"], steps),
                    f"Migrations down and up on PostgreSQL: {verdict}.",
                ]
            ),
        )
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
