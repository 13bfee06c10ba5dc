"""Twilio Content API: quick-reply and list-picker resources, created once per wording.

A fitted question (``whatsapp_fit.Layout``) becomes a content resource with
its interactive type and a ``twilio/text`` fallback, both carrying the numbered
prompt as their body. The resource's SID is stored (``WhatsappContent``) under the
question, language, poll version and a hash of exactly what was sent, and reused for
every later resident who gets the same wording; a changed wording makes a new one.

Creating a resource is an HTTP call: call ``content_sid`` outside the webhook's
transaction (the reply path sends after the commit, docs/whatsapp.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

from feedback_bot.models.whatsapp import WhatsappContent
from feedback_bot.whatsapp_fit import LIST_PICKER, QUICK_REPLY, Layout

log = logging.getLogger(__name__)

CONTENT_URL = "https://content.twilio.com/v1/Content"
BOT_SCOPE = "bot"  # the bot's own menus (consent, profile, invitation…), not a poll
FRIENDLY_NAME_MAX = 64
INVALID_LANGUAGE = 92004
# The Content API takes an ISO 639-1 code; Kurdish has one (ku) for Sorani and
# Kurmanji. If an account refuses it (92004), the resource is declared in the
# language of the same script: the declaration is only metadata on a session
# message, never shown to anyone or submitted for approval (list pickers cannot be).
DECLARED_LANGUAGES = {"ar": ("ar",), "en": ("en",), "ckb": ("ku", "ar"), "kmr": ("ku", "en")}


class ContentError(Exception):
    """Twilio did not create the resource; the caller sends numbered text instead."""

    def __init__(self, code: int | None, status: int | None, message: str = "") -> None:
        super().__init__(message or f"Twilio error {code}")
        self.code = code
        self.status = status


@dataclass(frozen=True)
class ContentKey:
    """Which question this is: a poll's (id and version) or one of the bot's menus."""

    scope: str  # poll id, or BOT_SCOPE
    version: int  # poll version; 0 for BOT_SCOPE
    question_id: str
    language: str  # ar | ckb | kmr | en


def content_types(layout: Layout) -> dict[str, Any]:
    """The ``types`` object of the resource: the interactive type and its text fallback."""
    if layout.kind == QUICK_REPLY:
        interactive: dict[str, Any] = {
            "twilio/quick-reply": {
                "body": layout.body,
                "actions": [
                    {"type": "QUICK_REPLY", "title": tap.title, "id": tap.id} for tap in layout.taps
                ],
            }
        }
    elif layout.kind == LIST_PICKER:
        items = []
        for tap in layout.taps:
            item = {"item": tap.title, "id": tap.id}
            if tap.description is not None:
                item["description"] = tap.description
            items.append(item)
        interactive = {
            "twilio/list-picker": {"body": layout.body, "button": layout.button, "items": items}
        }
    else:
        raise ValueError("numbered text has no content resource")
    return {**interactive, "twilio/text": {"body": layout.body}}


def wording_hash(types: dict[str, Any]) -> str:
    """SHA-256 of the types exactly as sent (key order and spacing fixed)."""
    canonical = json.dumps(types, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def friendly_name(key: ContentKey, digest: str) -> str:
    """A name an operator can read in the Twilio console: fb_trust_v1_trust_police_ar_3f2a9c1e."""
    raw = f"fb_{key.scope}_v{key.version}_{key.question_id}_{key.language}"
    safe = re.sub(r"[^a-z0-9_]+", "_", raw.lower())
    return f"{safe[: FRIENDLY_NAME_MAX - 9]}_{digest[:8]}"


class ContentApi:
    """Creates and deletes content resources through the official helper library."""

    def __init__(self, client: Client) -> None:
        self._contents = client.content.v1.contents
        self._client = client

    def create(self, name: str, language: str, types: dict[str, Any]) -> str:
        """The new resource's SID (``HX…``); ContentError when Twilio refuses it."""
        declared = DECLARED_LANGUAGES.get(language, (language,))
        for index, code in enumerate(declared):
            # Keys as the API names them ("twilio/quick-reply"): the library's Types reads
            # those, and silently drops "twilio_quick_reply" (twilio-python#881).
            request = ContentList.ContentCreateRequest(
                {"friendly_name": name, "language": code, "types": types}
            )
            try:
                return self._contents.create(request).sid
            except TwilioRestException as error:
                if error.code == INVALID_LANGUAGE and index + 1 < len(declared):
                    continue
                raise ContentError(error.code, error.status, str(error.msg)) from None
            except TwilioException as error:
                raise ContentError(getattr(error, "code", None), None, str(error)) from None
            except requests.RequestException:
                raise ContentError(None, None, "network error talking to Twilio") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def delete(self, sid: str) -> None:
        """Remove a resource nobody will use (the loser of a creation race); best effort."""
        try:
            self._client.content.v1.contents(sid).delete()
        except (TwilioException, requests.RequestException):
            log.warning("could not delete unused WhatsApp content %s", sid)


def _stored(session: Session, key: ContentKey, digest: str) -> WhatsappContent | None:
    return session.scalar(
        select(WhatsappContent).where(
            WhatsappContent.scope == key.scope,
            WhatsappContent.version == key.version,
            WhatsappContent.question_id == key.question_id,
            WhatsappContent.language == key.language,
            WhatsappContent.wording_hash == digest,
        )
    )


def content_sid(session: Session, api: ContentApi, key: ContentKey, layout: Layout) -> str | None:
    """The SID to send for this question's wording, created at Twilio the first time.

    None for numbered text (nothing to create). Raises ContentError when Twilio
    refuses to create it. Two processes creating the same wording at once both
    call Twilio; the second to insert finds the first's row, uses it and deletes
    its own resource, so one SID per wording is ever stored and used.
    """
    if not layout.interactive:
        return None
    types = content_types(layout)
    digest = wording_hash(types)
    row = _stored(session, key, digest)
    if row is not None:
        return row.content_sid
    sid = api.create(friendly_name(key, digest), key.language, types)
    kind = "twilio/quick-reply" if layout.kind == QUICK_REPLY else "twilio/list-picker"
    try:
        with session.begin_nested():
            session.add(
                WhatsappContent(
                    scope=key.scope,
                    version=key.version,
                    question_id=key.question_id,
                    language=key.language,
                    wording_hash=digest,
                    content_type=kind,
                    content_sid=sid,
                )
            )
    except IntegrityError:
        winner = _stored(session, key, digest)
        if winner is None:
            raise
        api.delete(sid)
        return winner.content_sid
    return sid
