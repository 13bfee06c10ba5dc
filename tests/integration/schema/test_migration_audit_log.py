"""Revision 0003_audit_log goes down and up again with data in place, trigger included."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from feedback_bot.db import utcnow
from feedback_bot.models import Resident, Station
from feedback_bot.services import schema
from feedback_bot.services.demo import seed_demo
from tests.support.audit import entries, write_entries
from tests.support.twilio import Phone

REVISION = "0003_audit_log"


def _counts(runtime) -> tuple[int, int]:
    with runtime.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Station)),
            session.scalar(select(func.count()).select_from(Resident)),
        )


def test_down_one_step_keeps_every_other_row_and_up_again_keeps_the_log_append_only(
    app, client, runner, runtime
):
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
    Phone(client, "+9647701110000").send("hello")
    write_entries(runtime, 3)
    before = _counts(runtime)
    assert before[0] > 0 and before[1] == 1

    with app.app_context():
        head = schema.current_revision()
        schema.downgrade(f"{REVISION}-1")
        assert "audit_log" not in inspect(runtime.engine).get_table_names()
        assert _counts(runtime) == before
        schema.upgrade("head")
        assert schema.current_revision() == head

    assert _counts(runtime) == before
    assert entries(runtime) == []  # the log went with its table
    write_entries(runtime, 2)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    if runtime.engine.dialect.name == "postgresql":
        refused = pytest.raises(DBAPIError, match="append-only")
        with refused, runtime.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))
    assert len(entries(runtime)) == 2
