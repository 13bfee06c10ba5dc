"""The audit log: append-only, hash-chained records of what staff and jobs did (never the data).

Use cases (each takes the runtime and owns its transaction):

- ``log_action``: one entry for an action that wrote nothing else (a sign-out);
- ``audited``: pass an export through and log it once it ends;
- ``verify``: check the hash chain (edited, deleted or reordered entries);
- ``iter_entries``, ``page``: list entries for the command line and the dashboard.

Other use cases write their entry inside their own transaction with ``entries.record``
(not a use case itself: it takes the caller's session).
"""

from feedback_bot.services.audit.chain import ChainReport, verify
from feedback_bot.services.audit.entries import (
    RESIDENT,
    WORKER,
    Actor,
    AuditRefused,
    cli_actor,
    log_action,
    record,
)
from feedback_bot.services.audit.exports import RowCount, audited, export_details
from feedback_bot.services.audit.reading import (
    AuditFilters,
    EntryView,
    Page,
    iter_entries,
    page,
    parse_filters,
)

__all__ = [
    "RESIDENT",
    "WORKER",
    "Actor",
    "AuditFilters",
    "AuditRefused",
    "ChainReport",
    "EntryView",
    "Page",
    "RowCount",
    "audited",
    "cli_actor",
    "export_details",
    "iter_entries",
    "log_action",
    "page",
    "parse_filters",
    "verify",
]
_ = record  # re-exported for services (``audit.record(session, ...)``), not for the edges
