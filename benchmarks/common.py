"""Shared harness: throw-away PostgreSQL databases, app config, machine facts, the results file."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("FEEDBACK_BOT_BENCH_RESULTS", ROOT / "docs" / "benchmarks.md"))


def _working_tree() -> str:
    """HEAD's short hash, marked when the tree has uncommitted changes to the product."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "feedback_bot", "migrations", "locales"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"{head} plus uncommitted changes in the working tree" if dirty else head


# The commit measured (set by benchmarks.snapshot), else the working tree's.
COMMIT = os.environ.get("FEEDBACK_BOT_BENCH_COMMIT") or _working_tree()
VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get(
    "FEEDBACK_BOT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TWILIO_AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
TWILIO_ACCOUNT_SID = "ACbenchmarkstubnotarealaccount0000"
PUBLIC_BASE_URL = "https://bot.example.org"
WEBHOOK_PATH = "/webhooks/twilio/messages"


def bench_config(database_url: str, **overrides: Any) -> dict[str, str]:
    """The app's configuration for a benchmark, as environment variables (strings)."""
    config = {
        "APP_ENV": "test",
        "DATABASE_URL": database_url,
        "MESSAGE_TRANSPORT": "console",
        "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_MESSAGING_SERVICE_SID": "MG00000000000000000000000000000b3c",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "QUIET_HOURS": "off",
    }
    config.update({k: str(v) for k, v in overrides.items()})
    return config


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def libpq_url(url: str) -> str:
    """The same URL for psql (no SQLAlchemy driver suffix)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


@contextmanager
def pg_database(label: str, *, keep: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL database ``fb_bench_<label>_<random>``, dropped afterwards."""
    name = f"fb_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url(name)
    finally:
        if keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate(database_url: str) -> None:
    """Create the schema with the real Alembic migrations (``feedback-bot db upgrade``)."""
    run_cli(database_url, ["db", "upgrade"])


def run_cli(
    database_url: str, args: Sequence[str], *, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """Run ``feedback-bot ARGS`` against DATABASE_URL, as an operator would."""
    full_env = {**os.environ, **bench_config(database_url), **(env or {})}
    try:
        return subprocess.run(
            [str(VENV_BIN / "feedback-bot"), *args],
            env=full_env,
            check=True,
            text=True,
            capture_output=True,
            cwd=ROOT,
            **kwargs,
        )
    except subprocess.CalledProcessError as error:
        print(error.stdout, error.stderr, sep="\n", file=sys.stderr)
        raise


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted sequence."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine_facts() -> str:
    """One markdown line describing where and when the figures were taken."""
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    engine = create_engine(PG_ADMIN_URL)
    with engine.connect() as connection:
        pg = connection.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{now}, code at {COMMIT}; {os.cpu_count()} CPUs ({cpu}), {memory} RAM; Python {platform.python_version()}, "
        f"PostgreSQL {pg}, SQLite {sqlite3.sqlite_version}; load average before the run "
        f"(1/5/15 min) {load_average()}"
    )


def write_section(key: str, markdown: str) -> None:
    """Replace the ``key`` section of docs/benchmarks.md (between its markers) with MARKDOWN."""
    start, end = f"<!-- results:{key} -->", f"<!-- /results:{key} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if start in current and end in current:
        before, rest = current.split(start, 1)
        _, after = rest.split(end, 1)
        updated = before + block + after
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(updated, encoding="utf-8")
    print(f"wrote section {key} of {RESULTS}", file=sys.stderr)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
