"""``feedback-bot polls lint``: every prompt in every language, its encoding and SMS segments."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from feedback_bot.conversation import lint
from feedback_bot.runtime import get_runtime
from feedback_bot.services import inbound
from feedback_bot.sms import MAX_SEGMENTS
from feedback_bot.whatsapp_fit import BUTTON_TITLE_MAX, LIST_DESCRIPTION_MAX, LIST_ITEM_MAX


@click.group("polls")
def polls_group() -> None:
    """Poll definitions and their translations."""


@polls_group.command("lint")
@click.option("--verbose", "-v", is_flag=True, help="Show the text of prompts that are too long.")
@with_appcontext
def lint_command(verbose: bool) -> None:
    """Check every prompt (question and options as sent) in every language fits SMS."""
    stations, source = inbound.lint_stations(get_runtime())
    site = current_app.config.get("PUBLIC_BASE_URL")
    click.echo(f"Station names from {source}; longest name used in each language.")
    click.echo(f"Links measured with {site or lint.SAMPLE_SITE + ' (PUBLIC_BASE_URL is not set)'}.")
    click.echo(f"{'lang':<5} {'prompt':<32} {'chars':>5} {'encoding':<8} {'segments':>8}")
    too_long = 0
    for prompt in lint.measure_all(stations, site):
        size = prompt.size
        flag = f"  > {MAX_SEGMENTS} segments" if prompt.too_long else ""
        click.echo(
            f"{prompt.language:<5} {prompt.name:<32} {size.units:>5} "
            f"{size.encoding:<8} {size.segments:>8}{flag}"
        )
        if prompt.too_long:
            too_long += 1
            if verbose:
                click.echo("      " + prompt.text.replace("\n", " | "))
    click.echo(
        f"WhatsApp taps (buttons <= {BUTTON_TITLE_MAX}, list items <= {LIST_ITEM_MAX}, "
        f"descriptions <= {LIST_DESCRIPTION_MAX} characters):"
    )
    text_only = 0
    for fitted in lint.fit_all(stations):
        layout = fitted.layout
        shortened = sum(1 for tap in layout.taps if tap.description)
        note = f"  {shortened} title(s) shortened, whole in the description" if shortened else ""
        if fitted.text_only:
            text_only += 1
            note = f"  numbered text only: {layout.reason}"
        click.echo(f"{fitted.language:<5} {fitted.name:<32} {layout.kind:<11}{note}")
    missing = lint.missing_translations()
    for problem in missing:
        click.echo(problem)
    if too_long or missing or text_only:
        raise click.ClickException(
            f"{too_long} prompt(s) longer than {MAX_SEGMENTS} SMS segments, "
            f"{text_only} question(s) that WhatsApp could only get as numbered text, "
            f"{len(missing)} missing translation(s)."
        )
    click.echo(
        f"All prompts fit in {MAX_SEGMENTS} SMS segments and WhatsApp's limits; "
        "every message is translated."
    )


commands = [polls_group]
