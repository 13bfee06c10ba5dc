"""Twilio redelivers the same MessageSid, one after another and from several workers at once.

Whatever the timing, the message is processed once: one inbound row, the same reply for
every delivery, and the conversation moved on by one step only.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from feedback_bot.models import ReceivedMessage, Resident
from tests.support.twilio import MESSAGES_PATH, Phone, post_signed

STORM = 24  # concurrent deliveries of one MessageSid
SEQUENTIAL = 5


def _storm(app, form: dict[str, str]) -> list[tuple[int, str]]:
    """Post FORM from STORM threads released together, then SEQUENTIAL times more."""
    barrier = threading.Barrier(STORM)

    def deliver(_: int) -> tuple[int, str]:
        client = app.test_client()
        barrier.wait()
        response = post_signed(client, MESSAGES_PATH, form)
        return response.status_code, response.get_data(as_text=True)

    with ThreadPoolExecutor(STORM) as pool:
        answers = list(pool.map(deliver, range(STORM)))
    client = app.test_client()
    for _ in range(SEQUENTIAL):
        response = post_signed(client, MESSAGES_PATH, form)
        answers.append((response.status_code, response.get_data(as_text=True)))
    return answers


def _inbound_rows(runtime, sid: str) -> int:
    with runtime.transaction() as session:
        return session.scalar(
            select(func.count())
            .select_from(ReceivedMessage)
            .where(ReceivedMessage.message_sid == sid)
        )


def test_storm_on_a_new_residents_first_message(app, runtime):
    phone = Phone(app.test_client(), phone="+9647712300001")
    form = phone.form("hello")

    answers = _storm(app, form)

    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1, "every delivery gets the same reply"
    assert _inbound_rows(runtime, form["MessageSid"]) == 1
    with runtime.transaction() as session:
        lookup = runtime.vault.lookup_hash("+9647712300001")
        residents = session.scalar(
            select(func.count()).select_from(Resident).where(Resident.phone_lookup == lookup)
        )
    assert residents <= 1


def test_storm_mid_conversation_moves_the_conversation_once(app, runtime):
    phone = Phone(app.test_client(), phone="+9647712300002")
    phone.send("hello")
    form = phone.form("4")  # the language menu's English

    answers = _storm(app, form)

    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    assert _inbound_rows(runtime, form["MessageSid"]) == 1
    with runtime.transaction() as session:
        total = session.scalar(select(func.count()).select_from(ReceivedMessage))
    assert total == 2, "the first message and the stormed one, nothing else"
