"""One resident's two different messages arrive at the same moment (a double send, two
Twilio workers): both are processed, one after the other, on the conversation as the
other left it, so each answer lands on its own question and none is lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from feedback_bot.models import Answer, Resident, Response
from tests.support.settings import BACKEND
from tests.support.twilio import MESSAGES_PATH, Phone, post_signed

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql",
    reason="two transactions on one conversation at once; SQLite serialises every writer",
)
RESIDENTS = 8


@pytest.fixture
def seeded_app(app, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    return app


def _answers(runtime, phone: str) -> dict[str, int | None]:
    with runtime.transaction() as session:
        resident = session.scalars(
            select(Resident).where(Resident.phone_lookup == runtime.vault.lookup_hash(phone))
        ).one()
        rows = session.scalars(
            select(Answer)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.resident_id == resident.id)
        )
        return {a.question_id: a.answer_code for a in rows}


def test_two_answers_at_once_land_on_two_questions(seeded_app, runtime):
    pytest.importorskip(
        "feedback_bot.services.inbound.conversations",
        reason="the conversation layer has not landed",
    )
    for i in range(RESIDENTS):
        phone = f"+9647790000{i:02d}"
        resident = Phone(seeded_app.test_client(), phone=phone)
        for body in ("hello", "4", "1", "1", "1", "2"):  # up to the first poll question
            resident.send(body)
        forms = [resident.form("2"), resident.form("3")]
        barrier = threading.Barrier(2)

        def deliver(form: dict[str, str], barrier: threading.Barrier = barrier) -> int:
            client = seeded_app.test_client()
            barrier.wait()
            return post_signed(client, MESSAGES_PATH, form).status_code

        with ThreadPoolExecutor(2) as pool:
            assert list(pool.map(deliver, forms)) == [200, 200]

        answers = _answers(runtime, phone)
        assert sorted((answers.get("trust_police"), answers.get("safe_after_dark")), key=str) == [
            2,
            3,
        ], (phone, answers)
