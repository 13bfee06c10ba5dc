"""One outbox dispatcher process for P4, its Twilio client pointed at the local stub.

    TWILIO_STUB_PORT=… DATABASE_URL=… python -m benchmarks.outbox_worker [--shift-minutes N]

Runs ``services.outbox.dispatch_outbox`` (the body of ``feedback-bot jobs run outbox``)
again and again, as the scheduler would, until a pass finds nothing due. The real
``twilio`` Client, its ``requests`` session and the app's Twilio transport are used;
only the URL's scheme and host are rewritten to http://127.0.0.1:<stub>.
``--shift-minutes`` starts the clock later (a restart after the lease has expired).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import sys
import time

from twilio.http.http_client import TwilioHttpClient

TWILIO_API = "https://api.twilio.com"


def point_twilio_at_stub(port: int) -> None:
    original = TwilioHttpClient.request

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        if url.startswith(TWILIO_API):
            url = f"http://127.0.0.1:{port}" + url[len(TWILIO_API) :]
        return original(self, method, url, *args, **kwargs)

    TwilioHttpClient.request = request  # type: ignore[method-assign]


def whatif_dispatch(runtime, transport, pool, *, limit: int, worker_id: str, shift):  # type: ignore[no-untyped-def]
    """What-if (profiling.md, outbox changes 1 and 2): the same claim, then the claimed rows
    sent from a thread pool and recorded 100 at a time in one transaction.

    Not the product: refusals are not handled (the stub never refuses), and rows stay
    leased until their chunk is recorded, as in the product.
    """
    from concurrent.futures import as_completed

    from sqlalchemy import update

    from feedback_bot.models import OutboxMessage
    from feedback_bot.services.outbox import steps
    from feedback_bot.services.outbox.dispatcher import CHANNELS, LEASE

    report = steps.DispatchReport()
    claims = []
    for channel in CHANNELS:
        now = dt.datetime.now(dt.UTC) + shift
        claimed, _wait = steps.claim(runtime, channel, report, now, worker_id, limit, LEASE)
        claims += claimed

    def send(claim):  # type: ignore[no-untyped-def]
        outcome = steps.send(runtime, transport, claim)
        if outcome.error is not None:
            raise RuntimeError(f"stub refused row {claim.row_id}: {outcome.error}")
        return claim, outcome.result

    def record(done):  # type: ignore[no-untyped-def]
        now = dt.datetime.now(dt.UTC) + shift
        with runtime.transaction() as session:
            session.execute(
                update(OutboxMessage),
                [
                    {"id": c.row_id, "status": "sent", "sent_at": now, "error_code": None,
                     "provider_sid": r.provider_sid, "provider_status": r.status,
                     "lease_until": None, "updated_at": now}
                    for c, r in done
                ],
            )  # fmt: skip
        report.sent += len(done)

    done = []
    for future in as_completed([pool.submit(send, claim) for claim in claims]):
        done.append(future.result())
        if len(done) >= 100:
            record(done)
            done = []
    if done:
        record(done)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shift-minutes", type=float, default=0.0)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument(
        "--what-if-threads", type=int, default=0, help="run the what-if dispatcher instead"
    )
    args = parser.parse_args()
    point_twilio_at_stub(int(os.environ["TWILIO_STUB_PORT"]))

    from feedback_bot import create_app
    from feedback_bot.channels import transport_for
    from feedback_bot.runtime import get_runtime
    from feedback_bot.services.outbox.dispatcher import dispatch_outbox

    runtime = get_runtime(create_app())
    shift = dt.timedelta(minutes=args.shift_minutes)
    extra = {}
    if "transport" in inspect.signature(dispatch_outbox).parameters:
        extra["transport"] = transport_for(runtime)
    started = time.monotonic()
    totals = {"sent": 0, "failed": 0, "retrying": 0, "skipped": 0, "passes": 0}
    pool = None
    if args.what_if_threads:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(args.what_if_threads)
        worker_id = f"whatif:{os.getpid()}:0"
    while time.monotonic() - started < args.max_seconds:
        now = dt.datetime.now(dt.UTC) + shift
        if pool is not None:
            report = whatif_dispatch(
                runtime, extra["transport"], pool, limit=args.limit, worker_id=worker_id,
                shift=shift,
            )  # fmt: skip
        else:
            report = dispatch_outbox(runtime, now=now, limit=args.limit, **extra)
        totals["passes"] += 1
        for key in ("sent", "failed", "retrying"):
            totals[key] += getattr(report, key)
        totals["skipped"] += sum(report.skipped.values())
        if report.handled == 0:
            break
    totals["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(totals), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
