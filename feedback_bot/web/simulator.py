"""``/simulator``: chat with the bot in the browser as a resident (APP_ENV=development only).

Messages go through ``services.inbound.receiving`` like Twilio's, so the simulator uses the
same engine and database as real residents. Each browser is one simulated phone.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from feedback_bot.errors import UserError
from feedback_bot.i18n import N_, text_direction, translate
from feedback_bot.messaging import CHANNELS
from feedback_bot.runtime import get_runtime
from feedback_bot.services.inbound import resident_language, simulate

bp = Blueprint("simulator", __name__, url_prefix="/simulator")

PHONE_KEY = "simulator_phone"
LABELS = {
    "title": N_("Resident simulator"),
    "intro": N_("Chat with the bot as a resident would, by SMS or WhatsApp. Try: Hello"),
    "placeholder": N_("Type a message"),
    "send": N_("Send"),
    "restart": N_("New resident"),
    "no_reply": N_("(no reply)"),
}


@bp.before_request
def _development_only() -> None:
    if current_app.config["APP_ENV"] != "development":
        abort(404)
    if request.method == "POST":
        token = request.headers.get("X-CSRFToken") or request.form.get("csrf_token")
        try:
            validate_csrf(token)
        except ValidationError:
            abort(400)


def _phone() -> str:
    """This browser's simulated Iraqi mobile number (never shown)."""
    if PHONE_KEY not in cookie:
        cookie[PHONE_KEY] = f"+9647{secrets.choice('3456789')}{secrets.randbelow(10**8):08d}"
    return cookie[PHONE_KEY]


def _labels(language: str) -> dict[str, str]:
    return {key: translate(language, msgid) for key, msgid in LABELS.items()}


def _page(language: str, exchange: list[dict[str, Any]] | None = None, status: int = 200):
    labels = _labels(language)
    html = render_template(
        "simulator.html",
        lang=language,
        dir=text_direction(language),
        labels=labels,
        channels=CHANNELS,
        csrf_token=generate_csrf(),
        exchange=exchange or [],
    )
    return html, status


@bp.get("")
def page():
    return _page(resident_language(get_runtime(), _phone()) or "en")


@bp.post("/messages")
def send():
    """One message from this browser's resident; JSON for the page's script, HTML without it."""
    text = (request.form.get("text") or "")[:1600]
    channel = request.form.get("channel") or "whatsapp"
    payload = request.form.get("payload") or None
    runtime = get_runtime()
    try:
        replies = simulate(
            runtime, phone=_phone(), channel=channel, text=text, button_payload=payload
        )
    except UserError as error:
        return jsonify(error=str(error)), 400
    language = resident_language(runtime, _phone()) or "en"
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            replies=replies,
            lang=language,
            dir=text_direction(language),
            labels=_labels(language),
        )
    exchange = [{"who": "you", "text": text}] + [{"who": "bot", "text": r} for r in replies]
    return _page(language, exchange)


@bp.post("/restart")
def restart():
    """Forget this browser's phone: the next message comes from a new resident."""
    cookie.pop(PHONE_KEY, None)
    return redirect(url_for("simulator.page"), code=303)
