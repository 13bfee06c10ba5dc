"""The followups job with the real conversation service: an invitation per due wave, once."""

import datetime as dt

from sqlalchemy import select

from feedback_bot.jobs import run_job
from feedback_bot.models import Conversation, Followup, Resident
from feedback_bot.services import waves
from tests.support.scheduling import add_resident, add_stations, local, queued

WAVE_ONE = local(2026, 9, 1, 18, 0)
DUE = WAVE_ONE + dt.timedelta(days=30)


def resident_with_waves(runtime, *, language="ar", channel="whatsapp"):
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        resident = add_resident(
            session, runtime, "+9647706666001", station=station, language=language, channel=channel
        )
        waves.schedule_followups(session, runtime, resident, completed_at=WAVE_ONE)
        return resident.id


def statuses(runtime):
    with runtime.transaction() as session:
        return [
            (f.wave, f.status, f.note)
            for f in session.scalars(select(Followup).order_by(Followup.wave))
        ]


def test_a_due_wave_queues_one_invitation_in_the_residents_language(runtime):
    resident_id = resident_with_waves(runtime)
    summary = run_job("followups", runtime, now=DUE)
    assert summary.startswith("followups: 1 invited")
    [message] = queued(runtime)
    assert message.idempotency_key == f"followup:{resident_id}:2"
    assert message.kind == "followup" and message.resident_id == resident_id
    assert message.template_name == "FOLLOWUP"
    assert message.template_variables == {"1": "2", "2": "العشار"}
    assert message.language == "ar"
    assert "1" in message.body and "2" in message.body
    assert not message.body.isascii()
    with runtime.transaction() as session:
        followup = session.scalar(select(Followup).where(Followup.wave == 2))
        assert followup.status == "invited"
        assert followup.invited_at == DUE
        assert followup.closes_at == DUE + dt.timedelta(days=7)
        conversation = session.scalar(
            select(Conversation).where(Conversation.resident_id == resident_id)
        )
        assert conversation is not None and conversation.state

    run_job("followups", runtime, now=DUE + dt.timedelta(minutes=1))
    run_job("followups", runtime, now=DUE + dt.timedelta(days=1))
    assert len(queued(runtime)) == 1
    assert statuses(runtime) == [(2, "invited", None), (3, "scheduled", None)]


def test_english_invitation_for_an_english_resident(runtime):
    resident_with_waves(runtime, language="en", channel="sms")
    run_job("followups", runtime, now=DUE)
    [message] = queued(runtime)
    assert message.language == "en" and message.channel == "sms"
    assert message.template_variables == {"1": "2", "2": "Ashar"}


def test_when_two_waves_are_overdue_only_the_latest_is_asked(runtime):
    resident_with_waves(runtime)
    run_job("followups", runtime, now=WAVE_ONE + dt.timedelta(days=91))
    assert statuses(runtime) == [(2, "missed", "superseded"), (3, "invited", None)]
    assert [m.idempotency_key.rsplit(":", 1)[1] for m in queued(runtime)] == ["3"]


def test_a_resident_who_opted_out_after_wave_one_is_not_asked(runtime):
    resident_id = resident_with_waves(runtime)
    with runtime.transaction() as session:
        session.get(Resident, resident_id).opted_out = True
    run_job("followups", runtime, now=DUE)
    assert queued(runtime) == []
    assert statuses(runtime)[0] == (2, "skipped", "opted_out")
