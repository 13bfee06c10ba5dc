"""What the worker runs: each use case takes the runtime and the clock and returns one line.

- ``run_followups``: close expired wave invitations and silent polls, invite due waves;
- ``run_reminders``: Open Day reminders and post-event polls;
- ``queue_weekly_digests``: last week's summary to every station commander.

Each opens its own short transactions (one per resident), so a failure holds back nobody else.
"""

from feedback_bot.services.scheduled.digests import DigestRun, queue_weekly_digests
from feedback_bot.services.scheduled.followups import run_followups
from feedback_bot.services.scheduled.reminders import run_reminders

__all__ = ["DigestRun", "queue_weekly_digests", "run_followups", "run_reminders"]
