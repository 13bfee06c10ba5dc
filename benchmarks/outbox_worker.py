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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shift-minutes", type=float, default=0.0)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    args = parser.parse_args()
    point_twilio_at_stub(int(os.environ["TWILIO_STUB_PORT"]))

    from feedback_bot import create_app
    from feedback_bot.channels import transport_for
    from feedback_bot.runtime import get_runtime
    from feedback_bot.services.outbox import dispatch_outbox

    runtime = get_runtime(create_app())
    shift = dt.timedelta(minutes=args.shift_minutes)
    extra = {}
    if "transport" in inspect.signature(dispatch_outbox).parameters:
        extra["transport"] = transport_for(runtime)
    started = time.monotonic()
    totals = {"sent": 0, "failed": 0, "retrying": 0, "skipped": 0, "passes": 0}
    while time.monotonic() - started < args.max_seconds:
        now = dt.datetime.now(dt.UTC) + shift
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
