"""A restarted (or second) worker queues and sends nothing twice."""

import datetime as dt

from feedback_bot.channels import transport_for
from feedback_bot.jobs import run_job
from feedback_bot.models import OpenDay
from feedback_bot.runtime import get_runtime
from feedback_bot.services import waves
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

NOW = local(2026, 12, 4, 12, 0)
# The WhatsApp residents last wrote weeks ago: their messages go as Content templates.
TEMPLATES = {
    "WHATSAPP_TEMPLATE_FOLLOWUP_AR": "HX" + "1" * 32,
    "WHATSAPP_TEMPLATE_OPEN_DAY_POLL_AR": "HX" + "2" * 32,
}


def test_running_every_job_again_sends_nothing_twice(make_app):
    first = get_runtime(make_app(**TEMPLATES))
    with first.transaction() as session:
        station = add_stations(session)["BSR-01"]
        tomorrow = add_open_day(session, station, starts_at=local(2026, 12, 5, 10, 0))
        yesterday = add_open_day(session, station, starts_at=local(2026, 12, 3, 10, 0))
        invited = add_resident(session, first, "+9647708888001", station=station)
        waves.schedule_followups(session, first, invited, completed_at=NOW - dt.timedelta(days=30))
        holder = add_resident(session, first, "+9647708888002", station=station, channel="sms")
        holder_code = open_days.register(
            session, first, holder, session.get(OpenDay, tomorrow.id), now=local(2026, 12, 1)
        ).code
        attendee = add_resident(session, first, "+9647708888003", station=station)
        code = open_days.register(
            session, first, attendee, session.get(OpenDay, yesterday.id), now=local(2026, 12, 1)
        ).code
        open_days.mark_attended(session, code, now=local(2026, 12, 3, 11, 0))

    for name in ("followups", "reminders", "outbox"):
        run_job(name, first, now=NOW)
    kinds = sorted(m.kind for m in queued(first))
    assert kinds == ["followup", "open_day_poll", "open_day_reminder"]
    sent = {m.reference.split(":")[0]: m for m in transport_for(first).messages}
    assert set(sent) == {"followup", "reminder", "od_poll"}
    assert sent["followup"].content_sid == TEMPLATES["WHATSAPP_TEMPLATE_FOLLOWUP_AR"]
    assert sent["followup"].content_variables == {"1": "2", "2": "العشار"}
    assert sent["od_poll"].content_variables == {"1": "يوم مفتوح", "2": "العشار"}
    assert holder_code in sent["reminder"].body

    # The restarted process: a new app on the same database, a minute later.
    second = get_runtime(make_app(**TEMPLATES))
    for name in ("followups", "reminders", "outbox"):
        run_job(name, second, now=NOW + dt.timedelta(minutes=1))
        run_job(name, first, now=NOW + dt.timedelta(minutes=1))
    assert sorted(m.kind for m in queued(first)) == kinds
    assert transport_for(second).messages == []
    assert len(transport_for(first).messages) == 3
