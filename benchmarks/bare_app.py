"""The framework's ceiling for P1: a bare Flask endpoint that answers a fixed TwiML reply.

Served by the same gunicorn settings as the real app (``gunicorn benchmarks.bare_app:app``).
It reads the posted form (every real webhook must) and does nothing else: no signature
check, no database, no conversation.
"""

from __future__ import annotations

from flask import Flask, Response, request

TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
    "Thank you. Question 2 of 5: How safe do you feel walking alone in your area after dark? "
    "1 very safe 2 fairly safe 3 a bit unsafe 4 very unsafe 5 I never go out alone at night"
    "</Message></Response>"
)

app = Flask(__name__)


@app.post("/webhooks/twilio/messages")
def messages() -> Response:
    request.form  # noqa: B018 - parse the body as the real webhook must
    return Response(TWIML, mimetype="application/xml")
