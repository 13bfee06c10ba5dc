"""A pooled connection that PostgreSQL dropped (a restart, an idle timeout) costs no message.

The engine does not ping a connection before each use (a round trip per webhook); the
first statement on a dead connection fails, the pool is invalidated and the message is
run once more on a fresh connection.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from feedback_bot.models import ReceivedMessage
from tests.support.settings import BACKEND
from tests.support.twilio import Phone

pytestmark = pytest.mark.skipif(BACKEND != "postgresql", reason="a server to drop connections")


def _drop_the_apps_connections(database_url: str) -> int:
    admin = create_engine(database_url, poolclass=NullPool)
    try:
        with admin.connect() as connection:
            dropped = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        admin.dispose()
    return dropped


def test_a_message_on_a_dropped_connection_gets_its_normal_reply(client, runtime, database_url):
    resident = Phone(client, "+9647701234567", channel="whatsapp")
    [menu] = resident.send("hello")
    assert "English" in menu
    assert _drop_the_apps_connections(database_url) >= 1
    _notice, consent = resident.send("4")  # English
    assert consent.endswith("1 I agree\n2 No")
    with runtime.transaction() as session:
        assert len(session.scalars(select(ReceivedMessage)).all()) == 2
