"""Errors a user (operator, analyst, resident) can cause and fix, shown as one sentence."""


class UserError(Exception):
    """Bad input from a person: the CLI prints it without a traceback, the API answers 4xx."""
