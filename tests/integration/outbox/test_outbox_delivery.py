"""Delivery rules: consent and opt-out, quiet hours, WhatsApp's 24-hour window, the rate."""

from __future__ import annotations

import datetime as dt

from feedback_bot.jobs import outbox as outbox_job
from feedback_bot.models import User
from feedback_bot.runtime import get_runtime
from feedback_bot.services.outbox.dispatcher import dispatch_outbox, enqueue
from tests.support.outbox import (
    NOW,
    FakeClock,
    add_resident,
    fake,
    outbox_row,
    queue,
)

PHONE = "+9647701234567"
TEMPLATE = "HX00000000000000000000000000000042"


def test_nothing_goes_to_an_opted_out_or_non_consenting_resident(runtime):
    opted_out = add_resident(runtime, "+9647700000001", opted_out=True)
    no_consent = add_resident(runtime, "+9647700000002", consented=False)
    first = queue(runtime, opted_out, "a")
    second = queue(runtime, no_consent, "b")
    report = dispatch_outbox(runtime, now=NOW)
    assert fake(runtime).messages == []
    assert report.skipped == {"opted_out": 1, "no_consent": 1}
    assert outbox_row(runtime, first).skip_reason == "opted_out"
    assert outbox_row(runtime, second).skip_reason == "no_consent"


def test_quiet_hours_hold_messages_until_they_end_in_local_time(make_app):
    runtime = get_runtime(make_app(QUIET_HOURS="21:00-09:00", TIMEZONE="Asia/Baghdad"))
    resident = add_resident(runtime, PHONE)
    evening = dt.datetime(2026, 11, 25, 19, 30, tzinfo=dt.UTC)  # 22:30 in Baghdad
    row_id = queue(runtime, resident, "k1", now=evening)
    line = outbox_job.run(runtime, now=evening)
    assert fake(runtime).messages == []
    assert line == "outbox: quiet hours until 09:00 Asia/Baghdad; 1 message(s) wait"
    morning = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)  # 09:00 in Baghdad
    assert outbox_row(runtime, row_id).next_attempt_at == morning
    assert outbox_row(runtime, row_id).status == "pending"
    assert dispatch_outbox(runtime, now=morning - dt.timedelta(minutes=1)).sent == 0
    assert dispatch_outbox(runtime, now=morning).sent == 1


def test_quiet_hours_within_one_day_also_hold(make_app):
    runtime = get_runtime(make_app(QUIET_HOURS="12:00-14:00", TIMEZONE="Asia/Baghdad"))
    resident = add_resident(runtime, PHONE)
    row_id = queue(runtime, resident, "k1")
    dispatch_outbox(runtime, now=NOW)  # 13:00 in Baghdad
    assert fake(runtime).messages == []
    assert outbox_row(runtime, row_id).next_attempt_at == dt.datetime(
        2026, 11, 25, 11, 0, tzinfo=dt.UTC
    )


def test_whatsapp_inside_the_24_hour_window_goes_as_free_text(runtime):
    resident = add_resident(
        runtime, PHONE, channel="whatsapp", last_whatsapp_inbound_at=NOW - dt.timedelta(hours=23)
    )
    queue(runtime, resident, "k1", body="Thanks! One more question?")
    dispatch_outbox(runtime, now=NOW)
    [message] = fake(runtime).messages
    assert (message.channel, message.body, message.content_sid) == (
        "whatsapp",
        "Thanks! One more question?",
        None,
    )


def test_whatsapp_outside_the_window_goes_as_the_configured_template(make_app):
    runtime = get_runtime(make_app(WHATSAPP_TEMPLATE_FOLLOWUP_AR=TEMPLATE))
    resident = add_resident(
        runtime, PHONE, channel="whatsapp", last_whatsapp_inbound_at=NOW - dt.timedelta(hours=25)
    )
    row_id = queue(runtime, resident, "k1", template_variables={"1": "BGD-01", "2": "2"})
    dispatch_outbox(runtime, now=NOW)
    [message] = fake(runtime).messages
    assert message.content_sid == TEMPLATE
    assert message.content_variables == {"1": "BGD-01", "2": "2"}
    assert outbox_row(runtime, row_id).content_sid == TEMPLATE


def test_whatsapp_outside_the_window_without_a_template_is_skipped_and_counted(make_app):
    runtime = get_runtime(make_app(WHATSAPP_TEMPLATE_FOLLOWUP_EN=TEMPLATE))  # not Arabic
    resident = add_resident(runtime, PHONE, channel="whatsapp", language="ar")
    row_id = queue(runtime, resident, "k1")
    line = outbox_job.run(runtime, now=NOW)
    assert fake(runtime).messages == []
    assert outbox_row(runtime, row_id).status == "skipped"
    assert outbox_row(runtime, row_id).skip_reason == "no_template"
    assert line == "outbox: 0 sent, 0 to retry, 0 failed, 1 skipped (no_template 1)"


def test_sms_always_goes_as_free_text(make_app):
    runtime = get_runtime(make_app(WHATSAPP_TEMPLATE_FOLLOWUP_AR=TEMPLATE))
    resident = add_resident(runtime, PHONE, channel="sms")
    queue(runtime, resident, "k1", body="SMS text")
    dispatch_outbox(runtime, now=NOW)
    [message] = fake(runtime).messages
    assert (message.body, message.content_sid) == ("SMS text", None)


def test_staff_on_whatsapp_always_get_the_template(make_app):
    runtime = get_runtime(make_app(WHATSAPP_TEMPLATE_DIGEST_EN=TEMPLATE))
    with runtime.transaction() as session:
        user = User(
            name="commander",
            role="commander",
            password_hash="x",
            phone_encrypted=runtime.vault.encrypt(PHONE),
            channel="whatsapp",
            language="en",
        )
        session.add(user)
        session.flush()
        enqueue(
            session,
            key="digest:1",
            kind="digest",
            channel="whatsapp",
            to_encrypted=user.phone_encrypted,
            language="en",
            body="Weekly digest",
            template_name="DIGEST",
            template_variables={"1": "BGD-01"},
            user_id=user.id,
            now=NOW,
        )
    dispatch_outbox(runtime, now=NOW)
    [message] = fake(runtime).messages
    assert message.content_sid == TEMPLATE


def test_a_sender_never_exceeds_its_rate(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="2"))
    for n in range(7):
        queue(runtime, add_resident(runtime, f"+96477000000{n:02d}"), f"k{n}")
    clock = FakeClock()
    sent_at: list[dt.datetime] = []
    transport = fake(runtime)
    original_send = transport.send

    def timed_send(message):
        sent_at.append(clock())
        return original_send(message)

    transport.send = timed_send
    report = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert report.sent == 7
    # A one-second burst, then two per second: by t seconds at most 2 + 2t messages.
    for index, moment in enumerate(sent_at):
        elapsed = (moment - NOW).total_seconds()
        assert index + 1 <= 2 + 2 * elapsed + 1e-6
    assert (sent_at[-1] - NOW).total_seconds() >= 2.5


def test_the_rate_holds_across_dispatchers(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="2"))
    for n in range(4):
        queue(runtime, add_resident(runtime, f"+96477000000{n:02d}"), f"k{n}")
    other = FakeClock()
    first = dispatch_outbox(runtime, now=NOW, limit=2, clock=other, sleep=other.sleep)
    assert first.sent == 2
    # A second dispatcher at the same moment finds the sender's tokens spent and waits.
    clock = FakeClock()
    second = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert second.sent == 2
    assert sum(clock.slept) >= 0.5 - 1e-9


def test_skipped_rows_do_not_use_up_the_rate(make_app):
    runtime = get_runtime(make_app(OUTBOX_RATE_PER_SECOND="1"))
    for n in range(5):
        queue(runtime, add_resident(runtime, f"+96477000000{n:02d}", opted_out=True), f"x{n}")
    queue(runtime, add_resident(runtime, PHONE), "k")
    clock = FakeClock()
    report = dispatch_outbox(runtime, now=NOW, clock=clock, sleep=clock.sleep)
    assert (report.sent, report.skipped["opted_out"]) == (1, 5)
    assert clock.slept == []


def test_rows_of_both_channels_are_sent(runtime):
    queue(runtime, add_resident(runtime, "+9647700000001", channel="sms"), "a")
    queue(
        runtime,
        add_resident(runtime, "+9647700000002", channel="whatsapp", last_whatsapp_inbound_at=NOW),
        "b",
    )
    dispatch_outbox(runtime, now=NOW)
    assert sorted(m.channel for m in fake(runtime).messages) == ["sms", "whatsapp"]


def test_free_text_refused_with_63016_goes_again_as_the_template(make_app):
    runtime = get_runtime(make_app(WHATSAPP_TEMPLATE_FOLLOWUP_AR=TEMPLATE))
    resident = add_resident(runtime, PHONE, channel="whatsapp", last_whatsapp_inbound_at=NOW)
    row_id = queue(runtime, resident, "k1", template_variables={"1": "BGD-01"})
    fake(runtime).fail_next(63016)
    report = dispatch_outbox(runtime, now=NOW)
    assert (report.failed, report.sent) == (1, 1)
    [message] = fake(runtime).messages
    assert (message.content_sid, message.content_variables) == (TEMPLATE, {"1": "BGD-01"})
    assert outbox_row(runtime, row_id).error_code == "63016"


def test_free_text_refused_with_63016_and_no_template_is_skipped(runtime):
    resident = add_resident(runtime, PHONE, channel="whatsapp", last_whatsapp_inbound_at=NOW)
    row_id = queue(runtime, resident, "k1")
    fake(runtime).fail_next(63016)
    report = dispatch_outbox(runtime, now=NOW)
    assert report.skipped == {"no_template": 1}
    assert fake(runtime).messages == []
    assert outbox_row(runtime, row_id).skip_reason == "no_template"
