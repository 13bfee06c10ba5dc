"""How much SQL one poll answer sends through the webhook: a regression guard on the hot path.

Every statement is a round trip and about a millisecond of ORM work, so a poll answer
must not read what the conversation does not need (stations, Open Days, registrations,
the trust poll's history) nor check before it writes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.support.twilio import Phone

PHONE = "+9647791234567"
# Up to the first poll question: language, consent, station, gender, age band.
ONBOARDING = ("hello", "4", "1", "1", "1", "2")
# What a poll answer must not read: every station, the upcoming Open Days, the resident's
# registration, whether they completed the trust poll.
NOT_READ_BY_A_POLL_ANSWER = (
    "FROM stations ORDER BY",
    "FROM open_days",
    "FROM registrations",
    "responses.poll_id =",
)


@pytest.fixture
def seeded_app(app, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    return app


def _statements(runtime, send) -> list[str]:
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(runtime.engine, "before_cursor_execute", listener)
    try:
        send()
    finally:
        event.remove(runtime.engine, "before_cursor_execute", listener)
    return [s for s in statements if s.upper() not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT")]


def test_a_poll_answer_reads_only_the_resident_conversation_and_response(seeded_app, runtime):
    resident = Phone(seeded_app.test_client(), PHONE)
    for body in ONBOARDING:
        resident.send(body)
    replies: list[str] = []
    statements = _statements(runtime, lambda: replies.extend(resident.send("2")))
    assert len(replies) == 1 and "after dark" in replies[0]  # the next question
    reads = [s for s in statements if s.startswith("SELECT")]
    for fragment in NOT_READ_BY_A_POLL_ANSWER:
        assert not [s for s in reads if fragment in s], (fragment, reads)
    assert len(statements) <= 6, statements
