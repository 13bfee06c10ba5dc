"""POST /webhooks/twilio/status: statuses only move forward; 63016 and 21610 have consequences."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback_bot.db import utcnow
from feedback_bot.models import Resident
from feedback_bot.runtime import get_runtime
from feedback_bot.services.outbox.dispatcher import dispatch_outbox
from tests.support.outbox import NOW, add_resident, fake, outbox_row, outbox_rows, queue
from tests.support.twilio import STATUS_PATH, load_form, post_signed, sign

PHONE = "+9647501234567"
TEMPLATE = "HX00000000000000000000000000000042"


def sent_row(runtime, *, channel="sms", last_whatsapp=NOW, **fields) -> tuple[int, str]:
    resident = add_resident(runtime, PHONE, channel=channel, last_whatsapp_inbound_at=last_whatsapp)
    row_id = queue(runtime, resident, "k1", **fields)
    assert dispatch_outbox(runtime, now=NOW).sent == 1
    return row_id, outbox_row(runtime, row_id).provider_sid


def callback(client, sid: str, status: str, error_code: str | None = None, **extra):
    form = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status, **extra}
    if error_code:
        form["ErrorCode"] = error_code
    response = post_signed(client, STATUS_PATH, form)
    assert response.status_code == 200
    return response


def test_the_delivered_fixture_marks_the_message_delivered(client, runtime, fixtures_dir):
    row_id, sid = sent_row(runtime)
    form = {
        **load_form(fixtures_dir, "status_callback_delivered"),
        "MessageSid": sid,
        "SmsSid": sid,
    }
    assert post_signed(client, STATUS_PATH, form).status_code == 200
    row = outbox_row(runtime, row_id)
    assert (row.status, row.provider_status) == ("delivered", "delivered")


def test_statuses_only_move_forward_whatever_order_they_arrive_in(client, runtime):
    row_id, sid = sent_row(runtime)
    for status in ["sent", "read", "delivered", "sent", "queued", "read"]:
        callback(client, sid, status)
    row = outbox_row(runtime, row_id)
    assert (row.status, row.provider_status) == ("read", "read")


@pytest.mark.parametrize("final", ["failed", "undelivered"])
def test_failed_and_undelivered_are_final_and_keep_the_error_code(client, runtime, final):
    row_id, sid = sent_row(runtime)
    callback(client, sid, "sent")
    callback(client, sid, final, "30003")
    callback(client, sid, "delivered")
    callback(client, sid, final, "30003")
    row = outbox_row(runtime, row_id)
    assert (row.status, row.error_code) == (final, "30003")
    assert dispatch_outbox(runtime, now=NOW + dt.timedelta(days=1)).handled == 0


def test_an_unknown_sid_is_accepted_and_changes_nothing(client, runtime):
    row_id, _ = sent_row(runtime)
    before = outbox_row(runtime, row_id)
    callback(client, "SM" + "f" * 32, "delivered")
    after = outbox_row(runtime, row_id)
    assert (after.status, after.provider_status) == (before.status, before.provider_status)


def test_an_unsigned_callback_is_refused_and_changes_nothing(client, runtime):
    row_id, sid = sent_row(runtime)
    form = {"MessageSid": sid, "MessageStatus": "delivered"}
    response = client.post(
        STATUS_PATH, data=form, headers={"X-Twilio-Signature": sign(STATUS_PATH, {})}
    )
    assert response.status_code == 403
    assert outbox_row(runtime, row_id).status == "sent"


def test_63016_on_free_text_queues_the_same_message_as_its_template(make_app, fixtures_dir):
    app = make_app(WHATSAPP_TEMPLATE_FOLLOWUP_AR=TEMPLATE)
    runtime = get_runtime(app)
    row_id, sid = sent_row(runtime, channel="whatsapp", template_variables={"1": "BGD-01"})
    assert fake(runtime).messages[0].content_sid is None
    form = {**load_form(fixtures_dir, "status_callback_whatsapp_failed_63016"), "MessageSid": sid}
    client = app.test_client()
    assert post_signed(client, STATUS_PATH, form).status_code == 200
    assert post_signed(client, STATUS_PATH, form).status_code == 200  # twice: still one fallback
    original = outbox_row(runtime, row_id)
    assert (original.status, original.error_code) == ("failed", "63016")
    fallback = [row for row in outbox_rows(runtime) if row.id != row_id]
    assert [row.idempotency_key for row in fallback] == ["k1:template"]
    # The webhook queues the fallback at the real time of the callback.
    assert dispatch_outbox(runtime, now=utcnow() + dt.timedelta(minutes=1)).sent == 1
    retry = fake(runtime).messages[-1]
    assert (retry.content_sid, retry.content_variables, retry.to) == (
        TEMPLATE,
        {"1": "BGD-01"},
        PHONE,
    )


def test_63016_without_a_template_marks_the_message_skipped(client, runtime, fixtures_dir):
    row_id, sid = sent_row(runtime, channel="whatsapp")
    form = {**load_form(fixtures_dir, "status_callback_whatsapp_failed_63016"), "MessageSid": sid}
    assert post_signed(client, STATUS_PATH, form).status_code == 200
    row = outbox_row(runtime, row_id)
    assert (row.status, row.skip_reason, row.error_code) == ("skipped", "no_template", "63016")
    assert len(outbox_rows(runtime)) == 1


def test_21610_in_a_callback_marks_the_resident_opted_out(client, runtime):
    row_id, sid = sent_row(runtime)
    callback(client, sid, "failed", "21610")
    with runtime.transaction() as session:
        resident = session.get(Resident, outbox_row(runtime, row_id).resident_id)
        assert resident.opted_out is True
