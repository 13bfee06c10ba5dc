"""Scheduled jobs: follow-ups, reminders, digests, the outbox; and the worker that runs them."""
