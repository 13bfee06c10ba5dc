"""Privacy operations: erasing a resident on request, and retention.

Use cases (each takes the runtime and owns its transactions):

- ``erase_by_phone``: everything about the resident with this number goes (counts only);
- ``purge``: apply ``RETENTION_*`` in short batches (the daily ``purge`` job).

Inside: ``erasure`` (the table walk every flow shares: keyword, command, decliners and
minors, retention) and ``retention``.
"""

from feedback_bot.services.privacy.erasure import ErasureCounts, erase_by_phone
from feedback_bot.services.privacy.retention import PurgeCounts, purge

__all__ = ["ErasureCounts", "PurgeCounts", "erase_by_phone", "purge"]
