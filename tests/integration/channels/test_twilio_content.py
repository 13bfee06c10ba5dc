"""Content resources created through the twilio library at Twilio's real Content URL, once per wording.

Only the HTTP layer is mocked (``responses``); the exact JSON Twilio receives is asserted.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import responses
from sqlalchemy import func, select
from twilio.rest import Client

from feedback_bot.channels.twilio_content import (
    CONTENT_URL,
    ContentApi,
    ContentError,
    ContentKey,
    content_sid,
    content_types,
    friendly_name,
    wording_hash,
)
from feedback_bot.conversation import prompts
from feedback_bot.models import WhatsappContent
from feedback_bot.polls import load_poll, option_label
from feedback_bot.whatsapp_fit import Choice, fit
from tests.support.settings import TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN

REPO_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "twilio"
_sids = itertools.count(1)


def question_layout(question_id: str, language: str, station: str = "الكرخ"):
    item = load_poll("trust").question(question_id)
    body = prompts.question(language, item, station)
    choices = [Choice(o.code, option_label(language, item, o)) for o in item.options]
    return fit(body, choices, list_button="Choose", question_id=item.id)


def key(question_id: str, language: str, version: int = 1) -> ContentKey:
    return ContentKey(scope="trust", version=version, question_id=question_id, language=language)


@pytest.fixture
def twilio_content():
    """Twilio's Content endpoint: answers 201 with a new HX sid, echoing what was sent."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:

        def created(request):
            sent = json.loads(request.body)
            sid = f"HX{next(_sids):032x}"
            answer = {
                "sid": sid,
                "account_sid": TWILIO_ACCOUNT_SID,
                "friendly_name": sent["friendly_name"],
                "language": sent["language"],
                "variables": {},
                "types": sent["types"],
                "url": f"{CONTENT_URL}/{sid}",
                "links": {"approval_fetch": f"{CONTENT_URL}/{sid}/ApprovalRequests"},
                "date_created": "2026-12-04T17:50:00Z",
                "date_updated": "2026-12-04T17:50:00Z",
            }
            return 201, {"Content-Type": "application/json"}, json.dumps(answer)

        mock.add_callback(responses.POST, CONTENT_URL, callback=created)
        yield mock


@pytest.fixture
def api():
    return ContentApi(Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN))


def raw_body(call) -> str:
    body = call.request.body
    return body.decode("utf-8") if isinstance(body, bytes) else body


def sent_json(call) -> dict:
    assert call.request.url == CONTENT_URL
    assert call.request.headers["Content-Type"] == "application/json"
    assert call.request.headers["Authorization"].startswith("Basic ")
    return json.loads(raw_body(call))


def stored_rows(runtime) -> list[tuple]:
    with runtime.transaction() as session:
        rows = session.execute(
            select(
                WhatsappContent.scope,
                WhatsappContent.version,
                WhatsappContent.question_id,
                WhatsappContent.language,
                WhatsappContent.content_type,
                WhatsappContent.content_sid,
            ).order_by(WhatsappContent.id)
        ).all()
    return [tuple(row) for row in rows]


def test_three_options_are_created_as_quick_reply_with_the_numbered_text_fallback(
    runtime, api, twilio_content
):
    layout = question_layout("women_access", "ar")
    with runtime.transaction() as session:
        sid = content_sid(session, api, key("women_access", "ar"), layout)
    body = (
        "هل يمكن لامرأة من عائلتك أن تذهب وحدها إلى الكرخ للإبلاغ عن مشكلة؟\n"
        "1 نعم\n2 لا\n3 غير متأكد/ة"
    )
    [call] = twilio_content.calls
    digest = wording_hash(content_types(layout))
    assert sent_json(call) == {
        "friendly_name": f"fb_trust_v1_women_access_ar_{digest[:8]}",
        "language": "ar",
        "types": {
            "twilio/quick-reply": {
                "body": body,
                "actions": [
                    {"type": "QUICK_REPLY", "title": "نعم", "id": "women_access:1"},
                    {"type": "QUICK_REPLY", "title": "لا", "id": "women_access:2"},
                    {"type": "QUICK_REPLY", "title": "غير متأكد/ة", "id": "women_access:3"},
                ],
            },
            "twilio/text": {"body": body},
        },
    }
    assert stored_rows(runtime) == [("trust", 1, "women_access", "ar", "twilio/quick-reply", sid)]
    assert sid.startswith("HX") and len(sid) == 34


def test_five_options_are_a_list_picker_with_the_whole_label_under_a_cut_title(
    runtime, api, twilio_content
):
    layout = question_layout("safe_after_dark", "en", station="Karkh")
    with runtime.transaction() as session:
        content_sid(session, api, key("safe_after_dark", "en"), layout)
    body = (
        "How safe do you feel walking alone in your area after dark?\n"
        "1 very safe\n2 fairly safe\n3 a bit unsafe\n4 very unsafe\n"
        "5 I never go out alone at night"
    )
    [call] = twilio_content.calls
    sent = sent_json(call)
    assert sent["language"] == "en"
    assert sent["types"] == {
        "twilio/list-picker": {
            "body": body,
            "button": "Choose",
            "items": [
                {"id": "safe_after_dark:1", "item": "very safe"},
                {"id": "safe_after_dark:2", "item": "fairly safe"},
                {"id": "safe_after_dark:3", "item": "a bit unsafe"},
                {"id": "safe_after_dark:4", "item": "very unsafe"},
                {
                    "id": "safe_after_dark:5",
                    "item": "I never go out alone at…",
                    "description": "I never go out alone at night",
                },
            ],
        },
        "twilio/text": {"body": body},
    }
    # No null for the library's other content types (twilio-python#881).
    assert "null" not in raw_body(call)


def test_the_same_wording_is_created_once_and_reused(runtime, api, twilio_content):
    layout = question_layout("trust_police", "ar")
    with runtime.transaction() as session:
        first = content_sid(session, api, key("trust_police", "ar"), layout)
    with runtime.transaction() as session:
        again = content_sid(session, api, key("trust_police", "ar"), layout)
    assert again == first
    assert len(twilio_content.calls) == 1
    assert len(stored_rows(runtime)) == 1


def test_a_changed_wording_language_or_poll_version_makes_a_new_resource(
    runtime, api, twilio_content
):
    with runtime.transaction() as session:
        karkh = content_sid(
            session, api, key("trust_police", "ar"), question_layout("trust_police", "ar")
        )
        rusafa = content_sid(
            session,
            api,
            key("trust_police", "ar"),
            question_layout("trust_police", "ar", station="الرصافة"),
        )
        english = content_sid(
            session, api, key("trust_police", "en"), question_layout("trust_police", "en", "Karkh")
        )
        version_two = content_sid(
            session,
            api,
            key("trust_police", "ar", version=2),
            question_layout("trust_police", "ar"),
        )
        reused = content_sid(
            session, api, key("trust_police", "ar"), question_layout("trust_police", "ar")
        )
    assert len({karkh, rusafa, english, version_two}) == 4
    assert reused == karkh
    assert len(twilio_content.calls) == 4
    assert "الرصافة" in sent_json(twilio_content.calls[1])["types"]["twilio/text"]["body"]
    assert [row[1] for row in stored_rows(runtime)] == [1, 1, 1, 2]


def test_numbered_text_creates_nothing(runtime, api, twilio_content):
    many = fit("?", [Choice(n, f"option {n}") for n in range(1, 13)], list_button="Choose")
    with runtime.transaction() as session:
        assert content_sid(session, api, key("x", "en"), many) is None
    assert len(twilio_content.calls) == 0


def test_kurdish_is_declared_as_ku_and_if_refused_in_the_language_of_its_script(runtime, api):
    refused = (REPO_FIXTURES / "rest_content_error_92004.json").read_text()
    created = json.dumps({"sid": "HX" + "ab" * 16, "account_sid": TWILIO_ACCOUNT_SID})
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, CONTENT_URL, body=refused, status=400)
        mock.add(responses.POST, CONTENT_URL, body=created, status=201)
        mock.add(responses.POST, CONTENT_URL, body=refused, status=400)
        mock.add(responses.POST, CONTENT_URL, body=created.replace("ab", "cd"), status=201)
        with runtime.transaction() as session:
            sorani = content_sid(
                session,
                api,
                key("women_access", "ckb"),
                question_layout("women_access", "ckb", "کەرخ"),
            )
            kurmanji = content_sid(
                session,
                api,
                key("women_access", "kmr"),
                question_layout("women_access", "kmr", "Kerx"),
            )
        declared = [sent_json(call)["language"] for call in mock.calls]
    assert declared == ["ku", "ar", "ku", "en"]
    assert (sorani, kurmanji) == ("HX" + "ab" * 16, "HX" + "cd" * 16)
    assert [row[3] for row in stored_rows(runtime)] == ["ckb", "kmr"]


def test_a_refused_resource_raises_and_stores_nothing(runtime, api):
    error = json.dumps(
        {"code": 21619, "message": "A text message body or media url is required", "status": 400}
    )
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, CONTENT_URL, body=error, status=400)
        with pytest.raises(ContentError) as raised, runtime.transaction() as session:
            content_sid(
                session, api, key("women_access", "ar"), question_layout("women_access", "ar")
            )
    assert (raised.value.code, raised.value.status) == (21619, 400)
    assert stored_rows(runtime) == []


def test_a_lost_creation_race_uses_the_stored_resource_and_deletes_its_own(runtime, api):
    layout = question_layout("women_access", "en", "Karkh")
    content_key = key("women_access", "en")
    digest = wording_hash(content_types(layout))
    winner = "HX" + "0f" * 16
    with runtime.transaction() as session, responses.RequestsMock() as mock:

        def created_while_another_worker_stored_its_own(request):
            # Another dispatcher stored the same wording while our request was in flight.
            session.add(
                WhatsappContent(
                    scope="trust",
                    version=1,
                    question_id="women_access",
                    language="en",
                    wording_hash=digest,
                    content_type="twilio/quick-reply",
                    content_sid=winner,
                )
            )
            session.flush()
            return 201, {}, json.dumps({"sid": "HX" + "ee" * 16})

        mock.add_callback(
            responses.POST, CONTENT_URL, callback=created_while_another_worker_stored_its_own
        )
        mock.add(responses.DELETE, f"{CONTENT_URL}/HX{'ee' * 16}", status=204)
        assert content_sid(session, api, content_key, layout) == winner
        assert [c.request.method for c in mock.calls] == ["POST", "DELETE"]
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WhatsappContent)) == 1
    assert friendly_name(content_key, digest).startswith("fb_trust_v1_women_access_en_")
