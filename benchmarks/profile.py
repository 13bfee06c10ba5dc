"""Where the time goes: pyinstrument profiles of the webhook, the dispatcher and the export.

    .venv/bin/python -m benchmarks.profile webhook [--residents 40]
    .venv/bin/python -m benchmarks.profile outbox [--messages 3000]
    .venv/bin/python -m benchmarks.profile export [--answers 100000]

Each runs in-process on a fresh PostgreSQL database and prints a pyinstrument call tree
(and, with ``--cprofile``, cProfile in CPU time: the top functions by own and by
cumulative time). The webhook is driven through
Flask's test client with signed forms, so everything from signature validation to the
TwiML is inside the profile; one more request is profiled alone at 0.1 ms resolution.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import time
from collections.abc import Callable
from typing import Any

from pyinstrument import Profiler

from benchmarks.common import WEBHOOK_PATH, bench_config, migrate, pg_database, run_cli
from benchmarks.loadgen import ResidentFactory, signed_form


def _show(function: Callable[[], Any], *, interval: float, use_cprofile: bool, title: str) -> None:
    if use_cprofile:
        # CPU time, not wall time: waiting on PostgreSQL or a busy machine does not count.
        profile = cProfile.Profile(time.process_time)
        profile.runcall(function)
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        print(f"=== {title}: cProfile, CPU seconds, by own and cumulative time ===")
        print(out.getvalue())
        return
    profiler = Profiler(interval=interval)
    profiler.start()
    function()
    profiler.stop()
    print(f"=== {title} ===")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def _count_statements(app: Any, function: Callable[[], Any]) -> None:
    """Print every SQL statement (and pool checkout) one call makes: the round trips."""
    from sqlalchemy import event

    from feedback_bot.runtime import get_runtime

    engine = get_runtime(app).engine
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split())[:110])

    checkout = "(pool checkout: pre-ping SELECT 1)" if engine.pool._pre_ping else None

    def on_checkout(*_args: Any) -> None:
        if checkout:
            statements.append(checkout)

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine.pool, "checkout", on_checkout)
    try:
        function()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine.pool, "checkout", on_checkout)
    print(f"=== statements for one poll answer: {len(statements)} (plus BEGIN/COMMIT) ===")
    print("\n".join(f"{i:2d}. {s}" for i, s in enumerate(statements, 1)))


def profile_webhook(residents: int, use_cprofile: bool) -> None:
    from feedback_bot import create_app

    with pg_database("profile") as url:
        migrate(url)
        run_cli(url, ["seed", "demo"])
        app = create_app(bench_config(url))
        client = app.test_client()
        factory = ResidentFactory(seed=1, prefix=77)

        def post(resident: Any, body: str) -> None:
            form, signature = signed_form(resident, body)
            response = client.post(
                WEBHOOK_PATH,
                data=form,
                headers={
                    "X-Twilio-Signature": signature,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            assert response.status_code == 200, response.status_code

        def flows(n: int) -> None:
            for _ in range(n):
                resident = factory()
                for body in resident.messages:
                    post(resident, body)

        flows(5)  # warm up imports, catalogs, the pool
        _show(
            lambda: flows(residents),
            interval=0.0005,
            use_cprofile=use_cprofile,
            title=f"webhook: {residents} residents × 12 messages",
        )
        resident = factory()
        for body in resident.messages[:6]:
            post(resident, body)
        _count_statements(app, lambda: post(resident, resident.messages[6]))
        resident = factory()
        for body in resident.messages[:6]:
            post(resident, body)
        _show(
            lambda: post(resident, resident.messages[6]),
            interval=0.0001,
            use_cprofile=use_cprofile,
            title="webhook: one poll answer (trust_police), alone",
        )


def profile_outbox(messages: int, use_cprofile: bool) -> None:
    from benchmarks.outbox import prepare
    from benchmarks.outbox_worker import point_twilio_at_stub
    from benchmarks.twilio_stub import TwilioStub

    with pg_database("profile") as url, TwilioStub() as stub:
        prepare(url, messages)
        point_twilio_at_stub(stub.port)
        from feedback_bot import create_app
        from feedback_bot.channels import transport_for
        from feedback_bot.runtime import get_runtime
        from feedback_bot.services.outbox.dispatcher import dispatch_outbox

        config = bench_config(url, MESSAGE_TRANSPORT="twilio", OUTBOX_RATE_PER_SECOND=1_000_000)
        runtime = get_runtime(create_app(config))
        transport = transport_for(runtime)

        def dispatch() -> None:
            while dispatch_outbox(
                runtime, now=dt.datetime.now(dt.UTC), limit=1000, transport=transport
            ).handled:
                pass

        started = time.perf_counter()
        _show(dispatch, interval=0.001, use_cprofile=use_cprofile,
              title=f"outbox: one dispatcher, {messages} messages")  # fmt: skip
        elapsed = time.perf_counter() - started
        print(f"stub received {len(stub.state.requests)} requests in {elapsed:.1f} s")
        # The floor under the dispatcher: the same transport sending with no database.
        from feedback_bot.messaging import OutboundMessage

        sample = OutboundMessage(to="+9647700000001", channel="sms", body="bench:floor")
        started = time.perf_counter()
        for _ in range(500):
            transport.send(sample)
        per_send = (time.perf_counter() - started) / 500 * 1000
        print(f"TwilioTransport.send alone (stub on loopback): {per_send:.2f} ms per message")
        # What concurrent sending would give (the first change proposed in profiling.md).
        from concurrent.futures import ThreadPoolExecutor

        for threads in (4, 16):
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda _: transport.send(sample), range(2000)))
            rate = 2000 / (time.perf_counter() - started)
            print(f"TwilioTransport.send from {threads} threads: {rate:.0f} messages/s")
        # With a provider that takes 100 ms to answer (closer to the real API's latency).
        stub.state.delay = 0.1
        for threads in (1, 32):
            count = 20 if threads == 1 else 640
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda _: transport.send(sample), range(count)))
            rate = count / (time.perf_counter() - started)
            print(f"provider answering in 100 ms, {threads} thread(s): {rate:.0f} messages/s")


def profile_export(answers: int, use_cprofile: bool) -> None:
    from benchmarks.datagen import prepare
    from feedback_bot import create_app
    from feedback_bot.runtime import get_runtime
    from feedback_bot.services.export import answers as export
    from feedback_bot.services.export.filters import parse_request

    with pg_database("profile") as url:
        prepare(url, answers=answers)
        runtime = get_runtime(create_app(bench_config(url)))

        def run() -> None:
            prepared = export.prepare_answers(runtime, parse_request(format="long"))
            for _chunk in export.answers_csv(runtime, prepared):
                pass

        _show(run, interval=0.001, use_cprofile=use_cprofile,
              title=f"export long: {answers} answers")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["webhook", "outbox", "export"])
    parser.add_argument("--residents", type=int, default=40)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    random.seed(0)
    if args.what == "webhook":
        profile_webhook(args.residents, args.cprofile)
    elif args.what == "outbox":
        profile_outbox(args.messages, args.cprofile)
    else:
        profile_export(args.answers, args.cprofile)


if __name__ == "__main__":
    main()
