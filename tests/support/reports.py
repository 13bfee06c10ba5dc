"""Build poll data through the models directly, for the summary tests."""

import datetime as dt

from tests.support import factories
from tests.support.factories import add_response, add_station

__all__ = ["add_resident", "add_response", "add_station", "respondents"]

BAGHDAD = dt.timezone(dt.timedelta(hours=3))
WEEK = dt.date(2026, 11, 4)  # a Wednesday; the week runs Sunday 1 to Saturday 7 November
SUNDAY = dt.datetime(2026, 11, 1, tzinfo=BAGHDAD)
LATER = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
ALL_TRUST = {
    "trust_police": 1,
    "safe_after_dark": 1,
    "police_respect": 1,
    "report_crime": 1,
    "women_access": 1,
}


def add_resident(session, vault, station, *, gender=1, consented_at=SUNDAY):
    """A resident who consented on the Sunday that starts the test week, unless told otherwise."""
    return factories.add_resident(session, vault, station, gender=gender, consented_at=consented_at)


def respondents(session, vault, station, count, *, when, answers, gender=1, wave=1):
    for _ in range(count):
        add_response(
            session,
            add_resident(session, vault, station, gender=gender),
            station,
            when,
            answers,
            wave=wave,
        )
