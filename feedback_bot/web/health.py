"""Load-balancer health check."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from feedback_bot.runtime import get_runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        with get_runtime().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")
