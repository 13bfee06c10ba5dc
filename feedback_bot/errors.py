"""Errors a user (operator, analyst, resident) can cause and fix, shown as one sentence."""

import click


class UserError(click.ClickException):
    """Bad input from a person: every command line (``feedback-bot``, ``flask --app``, the
    test runner) prints it as one sentence with exit 1, and the API answers it with a 4xx."""
