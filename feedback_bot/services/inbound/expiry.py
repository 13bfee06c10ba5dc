"""Poll responses left half-way: closed as ``expired`` after 24 hours of silence."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from feedback_bot.conversation import SILENCE
from feedback_bot.models import Answer, Response


def expire_silent_responses(session: Session, *, now: dt.datetime) -> int:
    """Mark in-progress responses with no answer for 24 hours as expired; returns how many.

    The conversation expires them too when the resident writes again; this sweep makes
    exports and summaries right for the residents who never come back.
    """
    cutoff = now - SILENCE
    recent_answer = exists(
        select(Answer.id).where(Answer.response_id == Response.id, Answer.answered_at >= cutoff)
    )
    result = session.execute(
        update(Response)
        .where(Response.status == "in_progress", Response.started_at < cutoff, ~recent_answer)
        .values(status="expired")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
