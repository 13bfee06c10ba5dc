"""Public pages: ``GET /`` (what the service is and how to join) and ``GET /privacy`` (the
full privacy notice), in the four languages, drawn on the server, without JavaScript.

The language is ``?lang=ar|ckb|kmr|en`` (the links the bot sends carry it), else the
browser's preferred one, else Arabic; any other value reads as no choice. Arabic and
Sorani pages are right-to-left.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from feedback_bot.conversation import keywords
from feedback_bot.conversation.prompts import EMERGENCY_NUMBER
from feedback_bot.i18n import LANGUAGE_NAMES, LANGUAGES, text_direction, translate
from feedback_bot.web import public_texts as texts

bp = Blueprint("public", __name__)

DEFAULT_LANGUAGE = "ar"
EXAMPLE_CODE = "BGD-01"


def page_language() -> str:
    chosen = request.args.get("lang", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def keyword(intent: str, language: str) -> str:
    """A keyword as a page names it (the Arabic-script catalogs quote it «…»)."""
    return keywords.first_word(intent, language)


@bp.after_request
def _protect(response: Response) -> Response:
    # Nothing runs on these pages: no script at all, only our own stylesheet.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _page(template: str, language: str, **context: Any) -> str:
    def _(msgid: str, **variables: Any) -> str:
        return translate(language, msgid, **variables)

    return render_template(
        f"public/{template}",
        _=_,
        t=texts,
        lang=language,
        dir=text_direction(language),
        languages=LANGUAGE_NAMES,
        endpoint=request.endpoint,
        **context,
    )


@bp.get("/")
def home() -> str:
    language = page_language()
    config = current_app.config
    return _page(
        "home.html",
        language,
        code=EXAMPLE_CODE,
        sms_number=config.get("PUBLIC_SMS_NUMBER") or config.get("TWILIO_SMS_FROM"),
        whatsapp_number=(config.get("TWILIO_WHATSAPP_FROM") or "").removeprefix("whatsapp:"),
        keyword=lambda intent: keyword(intent, language),
        keywords=keywords,
        emergency=EMERGENCY_NUMBER,
        development=config["APP_ENV"] == "development",
    )


@bp.get("/privacy")
def privacy() -> str:
    language = page_language()
    config = current_app.config
    return _page(
        "privacy.html",
        language,
        contact=config.get("PRIVACY_CONTACT"),
        retention=[
            # The days the purge applies (config parses and checks them).
            (texts.RETENTION_MESSAGES, config["RETENTION_MESSAGE_DAYS"]),
            (texts.RETENTION_COMMENTS, config["RETENTION_COMMENT_DAYS"]),
            (texts.RETENTION_CONTACT, config["RETENTION_CONTACT_DAYS"]),
        ],
        keyword=lambda intent: keyword(intent, language),
        keywords=keywords,
        erase=keyword(keywords.ERASE, language),
        emergency=EMERGENCY_NUMBER,
    )
