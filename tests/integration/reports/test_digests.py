import datetime as dt

from sqlalchemy import select

from feedback_bot.channels import transport_for
from feedback_bot.jobs import run_job
from feedback_bot.jobs.digests import run
from feedback_bot.models import OutboxMessage
from feedback_bot.runtime import get_runtime
from feedback_bot.services.reports.summary import weekly_summary
from feedback_bot.sms import segments as sms_segments
from tests.support.dashboard_seed import add_station, add_user, seed_week

WEEK = dt.date(2026, 11, 1)
# Sunday morning in Baghdad, the start of the next week: the digest covers 1-7 November.
SUNDAY_MORNING = dt.datetime(2026, 11, 8, 6, 0, tzinfo=dt.UTC)
LINK = "https://bot.example.org/dashboard/stations/BGD-01?week=2026-11-01"


def outbox(runtime):
    with runtime.transaction() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def seed(runtime):
    with runtime.transaction() as session:
        station = add_station(session, "BGD-01")
        add_station(session, "BSR-01")
        seed_week(session, runtime.vault, station, WEEK)
    commander = add_user(
        runtime, "karim", "commander", "BGD-01", phone="07701234567", language="ar"
    )
    english = add_user(
        runtime, "sara", "commander", "BSR-01", phone="+9647509876543", language="en"
    )
    add_user(runtime, "nophone", "commander", "BGD-01", language="kmr")
    add_user(runtime, "amal", "analyst", phone="+9647500000001")
    return commander, english


def test_each_commander_with_a_phone_gets_last_weeks_digest_once(runtime):
    commander, english = seed(runtime)
    line = run(runtime, now=SUNDAY_MORNING)
    assert line == (
        "digests for the week of 2026-11-01: 2 queued, 0 already queued, "
        "1 commanders without a phone"
    )
    assert "+964" not in line
    messages = outbox(runtime)
    assert [m.user_id for m in messages] == [commander, english]
    arabic = messages[0]
    assert arabic.idempotency_key == f"digest:{commander}:2026-11-01"
    assert (arabic.kind, arabic.template_name, arabic.language, arabic.channel) == (
        "digest",
        "DIGEST",
        "ar",
        "whatsapp",
    )
    assert runtime.vault.decrypt(arabic.to_encrypted) == "+9647701234567"
    assert arabic.resident_id is None
    assert arabic.body.endswith(LINK)
    assert arabic.template_variables["3"] == LINK
    assert sms_segments(arabic.body) <= 3
    assert "BSR-01" in messages[1].body and "Dashboard: https://bot.example.org/" in (
        messages[1].body
    )

    again = run(runtime, now=SUNDAY_MORNING + dt.timedelta(hours=5))
    assert "0 queued, 2 already queued" in again
    assert len(outbox(runtime)) == 2


def test_digest_figures_are_the_summary_cells(runtime):
    seed(runtime)
    run(runtime, now=SUNDAY_MORNING)
    with runtime.transaction() as session:
        summary = weekly_summary(session, runtime, "BGD-01", WEEK, now=SUNDAY_MORNING)
    trust = summary["indicators"]["trust"]
    assert trust["suppressed"] is False and summary["indicators"]["women_access"]["suppressed"]
    body = outbox(runtime)[0].body.splitlines()
    assert body[0] == "BGD-01، أسبوع 1/11: 12 مشاركًا"  # 12 respondents
    assert f"الثقة {round(trust['share'] * 100)}%" in body  # trust, as in the summary
    assert "محجوب: وصول النساء" in body  # women's access: suppressed


def test_an_empty_week_still_reaches_the_commander_all_suppressed(runtime):
    with runtime.transaction() as session:
        add_station(session, "NIN-01")
    user = add_user(runtime, "omar", "commander", "NIN-01", phone="+9647512345678", language="en")
    run(runtime, now=SUNDAY_MORNING)
    (message,) = outbox(runtime)
    assert message.user_id == user
    assert message.body.splitlines()[:2] == [
        "NIN-01, week of 1/11: 0 respondents",
        "Suppressed: Trust, Safe, Respect, Would report and Women's access",
    ]


def test_the_digests_job_runs_from_the_command_line(runtime, runner):
    seed(runtime)
    result = runner.invoke(args=["jobs", "run", "digests", "--now", "2026-11-08T09:00"])
    assert result.exit_code == 0, result.output
    assert "2 queued" in result.output
    result = runner.invoke(args=["jobs", "run", "digests", "--now", "2026-11-08T10:00"])
    assert "0 queued, 2 already queued" in result.output


def test_dispatched_digest_uses_the_digest_template_or_plain_sms(make_app):
    app = make_app(WHATSAPP_TEMPLATE_DIGEST_AR="HX" + "a" * 32)
    runtime = get_runtime(app)
    commander, _english = seed(runtime)
    sms_user = add_user(
        runtime, "hana", "commander", "BGD-01", phone="+9647511111111", channel="sms", language="en"
    )
    run(runtime, now=SUNDAY_MORNING)
    line = run_job("outbox", runtime, now=SUNDAY_MORNING)
    sent = {m.reference: m for m in transport_for(runtime).messages}
    whatsapp = sent[f"digest:{commander}:2026-11-01"]
    assert whatsapp.content_sid == "HX" + "a" * 32 and whatsapp.body is None
    assert whatsapp.content_variables["3"] == LINK
    sms = sent[f"digest:{sms_user}:2026-11-01"]
    assert sms.channel == "sms" and sms.body.endswith(LINK) and sms.content_sid is None
    # The English commander on WhatsApp has no DIGEST_EN template: skipped, never free text.
    assert len(sent) == 2 and "no_template 1" in line
