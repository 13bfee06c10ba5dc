"""JSON API for staff: the weekly summary of a station (Bearer token)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, jsonify, request

from feedback_bot.errors import UserError
from feedback_bot.runtime import get_runtime
from feedback_bot.services import reports, stations
from feedback_bot.web.auth import require_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _error(status: int, message: str):
    return jsonify(error=message), status


@bp.get("/stations/<code>/summary")
@require_token("analyst", "admin", "commander")
def station_summary(code: str):
    """Weekly summary JSON; a commander sees only their own station."""
    try:
        week = dt.date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        return _error(400, "Give the week as ?week=YYYY-MM-DD (any day of that week).")
    user = g.api_user
    runtime = get_runtime()
    station = stations.station(runtime, code)
    if user.role == "commander" and (station is None or station.id != user.station_id):
        # Commanders are not told which other stations exist.
        return _error(403, "A commander can only see their own station's summary.")
    if station is None:
        return _error(404, f"There is no station with code {code}.")
    try:
        summary = reports.weekly_summary(runtime, station.code, week)
    except UserError as error:
        return _error(400, str(error))
    return jsonify(summary)
