"""The product's use cases, one folder (or module) per concept.

    inbound     a resident's message, from any channel, through the conversation and back
    outbox      everything the bot sends, once, within rate, quiet hours and window
    open_days   registration by message, the operators' calendar, the door on the day
    waves       the follow-up panel: who is asked again, and when
    reports     the weekly summary of a station, with its suppression
    export      answers and codebook for analysts
    accounts    staff users, API tokens, dashboard sign-in
    scheduled   what the worker runs: follow-ups, reminders, digests
    stations    the stations and their codes
    demo        demo data for development
    schema      the database's migrations and health

The transaction rule (also in docs/architecture.md), checked by
tests/unit/architecture/test_transaction_rule.py:

1. A concept's use cases are the names in its ``__all__``. Each takes the ``runtime`` first
   and opens its own ``runtime.transaction()``; none takes a session. A use case may call
   session-taking helpers of its own folder and of other folders, inside its transaction.
2. ``web/``, ``cli/`` and ``jobs/`` (the edges) call only use cases: they open no
   transaction, import no model and reach into no folder's inside modules.
"""
