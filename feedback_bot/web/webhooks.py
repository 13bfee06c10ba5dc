"""Twilio webhooks: inbound messages (TwiML replies) and delivery status callbacks."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from feedback_bot.channels.twilio_forms import FormError, inbound_message, status_update
from feedback_bot.db import utcnow
from feedback_bot.runtime import get_runtime
from feedback_bot.services import inbound, outbox

log = logging.getLogger(__name__)

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks/twilio")


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def _refusal() -> Response | None:
    """403 unless X-Twilio-Signature signs PUBLIC_BASE_URL + path + query and the form."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    base_url = current_app.config.get("PUBLIC_BASE_URL")
    if not token or not base_url:
        log.error(
            "Twilio webhook refused: set TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL so "
            "signatures can be checked."
        )
        return _text("Webhook is not configured.", 503)
    url = base_url + request.path
    if request.query_string:
        url += "?" + request.query_string.decode("utf-8", "replace")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not RequestValidator(token).validate(url, request.form, signature):
        return _text("Invalid Twilio signature.", 403)
    return None


@bp.post("/messages")
def messages() -> Response:
    refusal = _refusal()
    if refusal is not None:
        return refusal
    try:
        message = inbound_message(request.form, received_at=utcnow())
    except FormError as error:
        return _text(str(error), 400)
    replies = inbound.receive(get_runtime(), message)
    twiml = MessagingResponse()
    for reply in replies:
        twiml.message(reply)
    return Response(str(twiml), mimetype="application/xml")


@bp.post("/status")
def status() -> Response:
    refusal = _refusal()
    if refusal is not None:
        return refusal
    try:
        update = status_update(request.form)
    except FormError as error:
        return _text(str(error), 400)
    outbox.record_status(get_runtime(), update, now=utcnow())
    return Response("", status=200)
