"""The SQL behind the weekly summary: a few GROUP BY queries, never a loop over answers.

Which rows count (the definitions the summary documents):

- a *response* counts for a week when it is a ``trust`` poll response at the station
  (``responses.station_id``: where the resident answered, even if they moved later),
  ``status = 'completed'`` and ``completed_at`` falls in the week;
- if one resident completed more than one such response in a week, only the latest
  (highest id) counts, so a cell's ``n`` is a number of respondents;
- an indicator's answers are ``answers.status = 'answered'`` with a code;
- gender is the resident's profile gender (1 woman, 2 man, anything else: the rest).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import and_, case, func, literal, select, text
from sqlalchemy.orm import Session, aliased

from feedback_bot.models import Answer, OpenDay, Registration, Resident, Response
from feedback_bot.stats import QUESTION_INDICATOR, PanelCounts, Tally, panel_move, tally_codes

TRUST_POLL = "trust"
QUESTION_IDS = tuple(QUESTION_INDICATOR)


def tune_for_small_slices(session: Session) -> None:
    """On PostgreSQL, cost random reads as on SSDs for the rest of this transaction.

    A summary reads a small slice of answers (one station, a few weeks) reachable by index;
    the default cost model (random_page_cost 4, for spinning disks) prefers hashing the
    whole answers table instead, several times slower. SET LOCAL ends with the transaction.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL random_page_cost = 1.1"))


def _week_index(column, bounds: Sequence[dt.datetime]):
    """Which of the weeks [bounds[i], bounds[i+1]) a timestamp falls in (bounds in UTC)."""
    if len(bounds) == 2:
        return literal(0)
    return case(
        *((column < bound, index) for index, bound in enumerate(bounds[1:-1])),
        else_=len(bounds) - 2,
    )


def _counted_responses(station_id: int, bounds: Sequence[dt.datetime], *extra):
    """One response per resident and week: completed trust responses at the station."""
    weekly = (
        select(
            Response.id.label("response_id"),
            Response.resident_id.label("resident_id"),
            _week_index(Response.completed_at, bounds).label("week"),
        )
        .where(
            Response.station_id == station_id,
            Response.poll_id == TRUST_POLL,
            Response.status == "completed",
            Response.completed_at >= bounds[0],
            Response.completed_at < bounds[-1],
            *extra,
        )
        .subquery("weekly")
    )
    return (
        select(
            func.max(weekly.c.response_id).label("response_id"),
            weekly.c.resident_id,
            weekly.c.week,
        )
        .group_by(weekly.c.resident_id, weekly.c.week)
        .subquery("counted")
    )


def _code_counts(rows) -> dict[tuple, dict[str, Tally]]:
    """(key, question_id, code, count) rows -> key -> indicator name -> Tally."""
    codes: dict[tuple, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for *key, question_id, code, count in rows:
        codes[tuple(key)][question_id][int(code)] = int(count)
    return {
        key: {
            QUESTION_INDICATOR[qid].name: tally_codes(QUESTION_INDICATOR[qid], code_counts)
            for qid, code_counts in by_question.items()
        }
        for key, by_question in codes.items()
    }


_ANSWERED = (
    Answer.question_id.in_(QUESTION_IDS),
    Answer.status == "answered",
    Answer.answer_code.is_not(None),
)


def indicator_tallies(
    session: Session, station_id: int, bounds: Sequence[dt.datetime]
) -> dict[int, dict[str, Tally]]:
    """Indicator tallies per week (index into ``bounds``) -> indicator name -> Tally."""
    counted = _counted_responses(station_id, bounds)
    rows = session.execute(
        select(counted.c.week, Answer.question_id, Answer.answer_code, func.count())
        .select_from(counted)
        .join(Answer, Answer.response_id == counted.c.response_id)
        .where(*_ANSWERED)
        .group_by(counted.c.week, Answer.question_id, Answer.answer_code)
    )
    return {int(week): tallies for (week,), tallies in _code_counts(rows).items()}


def gender_tallies(
    session: Session, station_id: int, start: dt.datetime, end: dt.datetime
) -> dict[int | None, dict[str, Tally]]:
    """One week's indicator tallies by the residents' gender code (None: not given)."""
    counted = _counted_responses(station_id, [start, end])
    rows = session.execute(
        select(Resident.gender, Answer.question_id, Answer.answer_code, func.count())
        .select_from(counted)
        .join(Answer, Answer.response_id == counted.c.response_id)
        .join(Resident, Resident.id == counted.c.resident_id)
        .where(*_ANSWERED)
        .group_by(Resident.gender, Answer.question_id, Answer.answer_code)
    )
    return {gender: tallies for (gender,), tallies in _code_counts(rows).items()}


def panel_counts(
    session: Session, station_id: int, bounds: Sequence[dt.datetime]
) -> dict[int, dict[str, PanelCounts]]:
    """Per week of the later wave: wave 1 against each resident's latest later wave that week."""
    later = _counted_responses(station_id, bounds, Response.wave > 1)
    first = aliased(Response)
    before = aliased(Answer)
    after = aliased(Answer)
    rows = session.execute(
        select(later.c.week, after.question_id, before.answer_code, after.answer_code, func.count())
        .select_from(later)
        .join(
            first,
            and_(
                first.resident_id == later.c.resident_id,
                first.station_id == station_id,
                first.poll_id == TRUST_POLL,
                first.wave == 1,
                first.status == "completed",
            ),
        )
        .join(after, after.response_id == later.c.response_id)
        .join(
            before,
            and_(before.response_id == first.id, before.question_id == after.question_id),
        )
        .where(
            after.question_id.in_(QUESTION_IDS),
            after.status == "answered",
            before.status == "answered",
        )
        .group_by(later.c.week, after.question_id, before.answer_code, after.answer_code)
    )
    moves: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"up": 0, "down": 0, "same": 0})
    )
    for week, question_id, code_before, code_after, count in rows:
        indicator = QUESTION_INDICATOR[question_id]
        move = panel_move(indicator, code_before, code_after)
        if move is not None:
            moves[int(week)][indicator.name][move] += int(count)
    return {
        week: {name: PanelCounts(**counts) for name, counts in by_name.items()}
        for week, by_name in moves.items()
    }


def activity_counts(
    session: Session, station_id: int, start: dt.datetime, end: dt.datetime
) -> dict[str, int]:
    """The week's counts (started, completed, respondents, new residents, Open Days)."""
    trust_here = (Response.station_id == station_id, Response.poll_id == TRUST_POLL)
    completed = (
        *trust_here,
        Response.status == "completed",
        Response.completed_at >= start,
        Response.completed_at < end,
    )
    at_station = (
        select(func.count())
        .select_from(Registration)
        .join(OpenDay, OpenDay.id == Registration.open_day_id)
        .where(OpenDay.station_id == station_id)
    )
    counts = {
        "started": select(func.count())
        .select_from(Response)
        .where(*trust_here, Response.started_at >= start, Response.started_at < end),
        "completed": select(func.count()).select_from(Response).where(*completed),
        "respondents": select(func.count(func.distinct(Response.resident_id))).where(*completed),
        "new_residents": select(func.count())
        .select_from(Resident)
        .where(
            Resident.station_id == station_id,
            Resident.consented_at >= start,
            Resident.consented_at < end,
        ),
        "open_day_registrations": at_station.where(
            Registration.created_at >= start, Registration.created_at < end
        ),
        "open_day_attendance": at_station.where(
            Registration.attended_at >= start, Registration.attended_at < end
        ),
    }
    # One round trip for the six numbers.
    row = session.execute(
        select(*(query.scalar_subquery().label(name) for name, query in counts.items()))
    ).one()
    return {name: int(value or 0) for name, value in row._mapping.items()}
