"""Everything the bot sends: queued once by key, sent by the dispatcher, tracked by callbacks.

Use cases (each takes the runtime and owns its transactions):

- ``dispatch_outbox``: send what is due, within the rate, quiet hours and the 24-hour window;
- ``record_status``: a Twilio status callback (delivered, failed, ...) recorded once.

Other services queue messages inside their own transaction with ``dispatcher.enqueue`` and
``dispatcher.enqueue_for_resident`` (one row per key, so nothing is sent twice).

Inside: ``dispatcher`` (claim, send in threads, record), ``steps`` (one message's send),
``delivery`` (the pure rules: channel, template, quiet hours, retries), ``rows``, ``rate``,
``status_callbacks``.
"""

from feedback_bot.services.outbox.dispatcher import dispatch_outbox
from feedback_bot.services.outbox.status_callbacks import record_status
from feedback_bot.services.outbox.steps import DispatchReport

__all__ = ["DispatchReport", "dispatch_outbox", "record_status"]
