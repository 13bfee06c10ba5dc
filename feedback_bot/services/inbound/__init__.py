"""A resident's message, from any channel, through the conversation and back.

Use cases (each takes the runtime and owns its transaction):

- ``receive``: record a MessageSid once, run the conversation, keep and return the replies;
- ``stored_replies``: the replies recorded the first time a MessageSid was seen;
- ``simulate``, ``resident_language``: the terminal and browser simulators, on the same path;
- ``lint_stations``: the station menu as residents see it, for ``polls lint``.

Inside: ``receive`` (idempotency), ``conversations`` (the resident, the context the pure
engine reads), ``effects`` (what the engine decided, applied under the row lock),
``expiry`` (silent polls), ``simulator``.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from feedback_bot.conversation.context import StationView
from feedback_bot.i18n import LANGUAGES
from feedback_bot.runtime import Runtime
from feedback_bot.services.demo import DEMO_STATIONS
from feedback_bot.services.inbound.conversations import station_views
from feedback_bot.services.inbound.receiving import receive, stored_replies
from feedback_bot.services.inbound.simulator import resident_language, simulate
from feedback_bot.services.stations import match_key

__all__ = ["lint_stations", "receive", "resident_language", "simulate", "stored_replies"]


def lint_stations(runtime: Runtime) -> tuple[list[StationView], str]:
    """The stations in the database as the menu shows them, or the demo stations if none yet.

    Returns the stations and where they came from, in words for the lint's header.
    """
    try:
        with runtime.transaction() as session:
            found = list(station_views(session))
    except SQLAlchemyError:  # not migrated yet: lint against the demo names
        found = []
    if found:
        return found, "stations in the database"
    demo = [
        StationView(
            i, row["code"], match_key(row["code"]), {k: row[f"name_{k}"] for k in LANGUAGES}
        )
        for i, row in enumerate(DEMO_STATIONS, start=1)
    ]
    return demo, "demo stations (none in the database)"
