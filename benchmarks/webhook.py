"""P1: the signed webhook under concurrent residents, side by side with a bare Flask endpoint.

    .venv/bin/python -m benchmarks.webhook [--clients 8,32,128] [--requests 10000] [--write]

Both apps are served by gunicorn with the same settings at the same time; for each
concurrency level the bare endpoint and the real webhook (PostgreSQL, signature check,
idempotency, conversation) get the same bounded load, one after the other.
"""

from __future__ import annotations

import argparse
import asyncio
import random

from sqlalchemy import create_engine, text

from benchmarks.common import (
    bench_config,
    machine_facts,
    migrate,
    pg_database,
    run_cli,
    table,
    write_section,
)
from benchmarks.loadgen import LoadResult, ResidentFactory, run_load, run_open_loop
from benchmarks.servers import GunicornSettings, gunicorn

TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0


def _row(name: str, r: LoadResult) -> list[str]:
    codes = ", ".join(f"{k}×{v}" for k, v in sorted(r.statuses.items()))
    return [
        name,
        str(r.clients),
        str(r.requests),
        f"{r.throughput:.0f}",
        f"{r.p(0.50):.1f}",
        f"{r.p(0.99):.1f}",
        f"{r.p(1.0):.1f}",
        codes + (f", {r.errors} conn. errors" if r.errors else ""),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8,32,128")
    parser.add_argument("--requests", type=int, default=10000, help="measured requests per run")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per run")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument(
        "--open-rates", default="50,100,150", help="arrivals per second for the open-loop rows"
    )
    parser.add_argument("--open-seconds", type=float, default=20)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="load conditions to record with the figures")
    args = parser.parse_args()

    levels = [int(c) for c in args.clients.split(",")]
    settings = GunicornSettings(
        workers=args.workers, worker_class=args.worker_class, threads=args.threads
    )
    facts = machine_facts()
    rows, verdicts = [], []
    with pg_database("webhook") as url:
        migrate(url)
        run_cli(url, ["seed", "demo"])
        env = bench_config(url)
        with (
            gunicorn("wsgi:app", settings, env) as app_port,
            gunicorn("benchmarks.bare_app:app", settings, env) as bare_port,
        ):
            for prefix, clients in enumerate(levels, start=10):
                results = {}
                for name, port in (("bare Flask", bare_port), ("webhook", app_port)):
                    factory = ResidentFactory(
                        seed=clients, prefix=prefix + 10 * (name == "bare Flask")
                    )
                    results[name] = asyncio.run(
                        run_load(
                            "127.0.0.1",
                            port,
                            clients=clients,
                            max_requests=args.requests,
                            max_seconds=args.seconds,
                            new_resident=factory,
                            warmup_requests=args.warmup,
                        )
                    )
                    rows.append(_row(name, results[name]))
                    print(" | ".join(rows[-1]), flush=True)
                bare, real = results["bare Flask"], results["webhook"]
                ratio = real.throughput / bare.throughput if bare.throughput else 0
                verdicts.append(
                    f"{clients} clients: webhook/bare throughput {ratio:.2f}× "
                    f"(target ≥ {TARGET_RATIO}×: {'met' if ratio >= TARGET_RATIO else 'MISSED'})"
                    + (
                        f"; webhook p99 {real.p(0.99):.1f} ms (target < {TARGET_P99_MS:.0f} ms: "
                        f"{'met' if real.p(0.99) < TARGET_P99_MS else 'MISSED'})"
                        if clients == 32
                        else ""
                    )
                )
                bad = sum(v for k, v in real.statuses.items() if k != 200) + real.errors
                if bad:
                    verdicts[-1] += f"; INVALID: {bad} webhook requests were not answered 200"
                print(verdicts[-1], flush=True)
            open_rows = []
            for prefix, rate in enumerate((float(r) for r in args.open_rates.split(",") if r),
                                          start=60):  # fmt: skip
                factory = ResidentFactory(seed=prefix, prefix=prefix)
                r = asyncio.run(
                    run_open_loop("127.0.0.1", app_port, rate=rate, seconds=args.open_seconds,
                                  new_resident=factory)
                )  # fmt: skip
                open_rows.append(
                    [f"{rate:.0f}/s", str(r.requests), f"{r.throughput:.0f}", f"{r.p(0.50):.1f}",
                     f"{r.p(0.99):.1f}", f"{r.p(1.0):.1f}",
                     ", ".join(f"{k}×{v}" for k, v in sorted(r.statuses.items()))
                     + (f", {r.errors} errors/dropped" if r.errors else "")]
                )  # fmt: skip
                print("open loop | " + " | ".join(open_rows[-1]), flush=True)
        engine = create_engine(url)
        with engine.connect() as connection:
            stored = {
                t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("inbound_messages", "residents", "responses", "answers")
            }
        engine.dispose()
    print(stored)
    if args.write:
        write_section(
            "p1",
            "\n\n".join(
                [
                    f"Run: {facts}." + (f" Conditions: {args.note}" if args.note else ""),
                    f"Server: {settings.describe()}; SQLAlchemy default pool (5 + 10 overflow) "
                    "per worker; PostgreSQL and the load generator on the same machine.",
                    f"Load: {args.requests} measured requests per row after {args.warmup} "
                    f"warm-up requests (time limit {args.seconds:.0f} s); each client is one "
                    "resident at a time going through the whole flow (12 messages).",
                    table(
                        [
                            "endpoint",
                            "clients",
                            "requests",
                            "req/s",
                            "p50 ms",
                            "p99 ms",
                            "max ms",
                            "HTTP status",
                        ],
                        rows,
                    ),
                    "\n".join(f"- {v}" for v in verdicts),
                    "Open loop (the same webhook server, messages arriving at a fixed rate "
                    "whatever the server's pace, as Twilio sends them; latency from the "
                    "scheduled arrival, so queueing counts):",
                    table(
                        [
                            "arrival rate",
                            "requests",
                            "req/s",
                            "p50 ms",
                            "p99 ms",
                            "max ms",
                            "HTTP status",
                        ],
                        open_rows,
                    ),
                    "Rows stored by the webhook during the run: "
                    + ", ".join(f"{k} {v}" for k, v in stored.items())
                    + ".",
                ]
            ),
        )


if __name__ == "__main__":
    random.seed(0)
    main()
