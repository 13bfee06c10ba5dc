"""Load-balancer health check."""

from flask import Blueprint, jsonify

from feedback_bot.runtime import get_runtime
from feedback_bot.services import schema

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    if not schema.database_answers(get_runtime()):
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")
