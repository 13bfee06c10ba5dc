"""Analyst CSV downloads: answers (long or wide, filtered) and the codebook, streamed."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from flask import Blueprint, Response, g, jsonify, request, stream_with_context
from sqlalchemy.exc import SQLAlchemyError

from feedback_bot.errors import UserError
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit, export
from feedback_bot.web.auth import require_token

log = logging.getLogger(__name__)

bp = Blueprint("export_api", __name__, url_prefix="/api/v1/export")

ANALYST_ROLES = ("analyst", "admin")


@bp.get("/answers.csv")
@require_token(*ANALYST_ROLES)
def answers_csv():
    args = request.args
    try:
        parsed = export.parse_request(
            format=args.get("format"),
            station=args.get("station"),
            since=args.get("since"),
            until=args.get("until"),
            bom=args.get("bom"),
        )
        runtime = get_runtime()
        prepared = export.prepare_answers(runtime, parsed)
        counted = audit.RowCount()
        chunks = export.answers_csv(runtime, prepared, on_progress=counted)
        details = audit.export_details(parsed)
        chunks = audit.audited(runtime, chunks, _actor(), "export.answers", details, counted)
        return _csv_response(chunks, prepared.filename)
    except UserError as error:
        return jsonify(error=str(error)), 400
    except SQLAlchemyError:
        log.exception("answers export failed before streaming")
        return jsonify(error="The database is not available; try again shortly."), 503


@bp.get("/codebook.csv")
@require_token(*ANALYST_ROLES)
def codebook_csv():
    try:
        bom = export.parse_request(bom=request.args.get("bom")).bom
    except UserError as error:
        return jsonify(error=str(error)), 400
    chunks = audit.audited(
        get_runtime(), export.codebook_csv(bom=bom), _actor(), "export.codebook",
        {"format": "csv", "bom": bom},
    )  # fmt: skip
    return _csv_response(chunks, export.CODEBOOK_FILENAME)


def _actor() -> audit.Actor:
    return audit.Actor(g.api_user.name, "api")


def _csv_response(chunks: Iterator[str], filename: str) -> Response:
    """Stream CSV pieces; the first is made before answering, so a failing query is a 503."""
    first = next(chunks)
    response = Response(stream_with_context(_primed(first, chunks)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _primed(first: str, rest: Iterator[str]) -> Iterator[str]:
    """``first`` then ``rest``, closing ``rest`` (and its database session) however it ends."""
    try:
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()
