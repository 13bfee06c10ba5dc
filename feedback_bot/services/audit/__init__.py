"""The audit log: append-only, hash-chained records of what staff and jobs did (never the data).

``entries.record`` writes (in the caller's transaction), ``chain.verify`` checks the chain,
``reading`` lists entries for the command line and the dashboard.
"""

from feedback_bot.services.audit.entries import (
    RESIDENT,
    WORKER,
    Actor,
    AuditRefused,
    cli_actor,
    log_action,
    record,
)

__all__ = ["RESIDENT", "WORKER", "Actor", "AuditRefused", "cli_actor", "log_action", "record"]
