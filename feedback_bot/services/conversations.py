"""Running the conversation for one resident: load the context, run the engine, record its effects.

Called inside the caller's transaction (``services.inbound.receive`` for messages; the
scheduler's jobs for invitations and post-Open-Day polls), so a message and all it
changes commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from feedback_bot.conversation import context as c
from feedback_bot.conversation import engine
from feedback_bot.conversation.run import PERSISTENT_KEYS
from feedback_bot.messaging import InboundMessage
from feedback_bot.models import Conversation, OpenDay, Resident, Response, Station
from feedback_bot.services import conversation_effects, open_days, waves


def handle_inbound(session, runtime, message: InboundMessage) -> list[str]:
    """The replies to one inbound message; the resident is created on their first message."""
    now = message.received_at
    resident = find_or_create_resident(session, runtime, message)
    conversation = _conversation(session, resident, now=now)
    _drop_closed_invitation(session, conversation)
    incoming = c.Incoming.from_text(
        message.body,
        channel=message.channel,
        button_payload=message.button_payload,
        opt_out_type=message.opt_out_type,
    )
    ctx = build_context(session, runtime, resident, now=now)
    outcome = engine.handle(conversation.state or {}, incoming, ctx)
    return conversation_effects.apply(
        session, runtime, resident, conversation, outcome, ctx, channel=message.channel
    )


def open_invitation(session, runtime, resident: Resident, followup, *, now: dt.datetime) -> str:
    """Put the resident in front of a follow-up wave's invitation; the text to send them."""
    conversation = _conversation(session, resident, now=now)
    ctx = build_context(session, runtime, resident, now=now)
    outcome = engine.open_invitation(
        conversation.state or {}, ctx, followup_id=followup.id, wave=followup.wave
    )
    replies = conversation_effects.apply(
        session, runtime, resident, conversation, outcome, ctx, channel=resident.channel
    )
    return "\n".join(replies)


def open_open_day_poll(
    session, runtime, resident: Resident, open_day: OpenDay, *, now: dt.datetime
) -> str:
    """Start the ``open_day`` poll for an attendee; the text of its first question."""
    conversation = _conversation(session, resident, now=now)
    ctx = build_context(session, runtime, resident, now=now)
    outcome = engine.open_open_day_poll(
        conversation.state or {}, ctx, open_day_id=open_day.id, station_id=open_day.station_id
    )
    replies = conversation_effects.apply(
        session, runtime, resident, conversation, outcome, ctx, channel=resident.channel
    )
    return "\n".join(replies)


def find_or_create_resident(session, runtime, message: InboundMessage) -> Resident:
    """The resident behind a phone number; a new one is stored encrypted, never in clear."""
    vault = runtime.vault
    lookup = vault.lookup_hash(message.phone)
    # The row lock serialises one resident's simultaneous messages (PostgreSQL), so each
    # runs on the state the previous one left.
    resident = session.scalar(
        select(Resident).where(Resident.phone_lookup == lookup).with_for_update()
    )
    now = message.received_at
    if resident is None:
        resident = Resident(
            phone_lookup=lookup,
            phone_encrypted=vault.encrypt(message.phone),
            respondent_id=vault.respondent_id(message.phone),
            channel=message.channel,
            created_at=now,
        )
        session.add(resident)
        session.flush()  # a concurrent first message of the same phone fails here
    resident.channel = message.channel
    resident.last_inbound_at = now
    if message.channel == "whatsapp":
        resident.last_whatsapp_inbound_at = now
    return resident


def _conversation(session, resident: Resident, *, now: dt.datetime) -> Conversation:
    conversation = session.scalar(
        select(Conversation).where(Conversation.resident_id == resident.id)
    )
    if conversation is None:
        conversation = Conversation(resident_id=resident.id, state={}, updated_at=now)
        session.add(conversation)
        session.flush()
    return conversation


def _drop_closed_invitation(session, conversation: Conversation) -> None:
    """An invitation whose wave has closed (missed, superseded) no longer waits for an answer."""
    state = conversation.state or {}
    invitation = state.get("invitation")
    closed = invitation and waves.open_followup(session, invitation["followup_id"]) is None
    if state.get("step") == "invitation" and closed:
        conversation.state = {k: v for k, v in state.items() if k in PERSISTENT_KEYS}


def build_context(session, runtime, resident: Resident, *, now: dt.datetime) -> c.Context:
    """Everything the engine may read, in a fixed number of queries."""
    stations = station_views(session)
    upcoming = session.scalars(
        select(OpenDay)
        .where(OpenDay.cancelled_at.is_(None), OpenDay.starts_at > now)
        .order_by(OpenDay.starts_at, OpenDay.id)
    )
    by_station: dict[int, list[c.OpenDayView]] = {}
    for day in upcoming:
        by_station.setdefault(day.station_id, []).append(_open_day_view(day))
    registration = None
    if resident.id is not None:
        row = open_days.current_registration(session, resident.id, now=now)
        if row is not None:
            day = session.get(OpenDay, row.open_day_id)
            registration = c.RegistrationView(row.id, row.code, row.status, _open_day_view(day))
    trust_completed = session.scalar(
        select(Response.id)
        .where(
            Response.resident_id == resident.id,
            Response.poll_id == "trust",
            Response.wave == 1,
            Response.status == "completed",
        )
        .limit(1)
    )
    view = c.ResidentView(
        language=resident.language,
        consented=resident.consented_at is not None,
        station_id=resident.station_id,
        profile_known=resident.gender is not None or resident.age_band is not None,
        opted_out=bool(resident.opted_out),
        trust_completed=trust_completed is not None,
    )
    return c.Context(
        now=now,
        resident=view,
        stations=stations,
        open_days={k: tuple(v) for k, v in by_station.items()},
        registration=registration,
        timezone=runtime.config["TIMEZONE"],
    )


def station_views(session) -> tuple[c.StationView, ...]:
    """Every station in menu order, as the engine sees it (one query)."""
    return tuple(
        c.StationView(
            id=s.id,
            code=s.code,
            match_key=s.match_key,
            names={"ar": s.name_ar, "ckb": s.name_ckb, "kmr": s.name_kmr, "en": s.name_en},
        )
        for s in session.scalars(select(Station).order_by(Station.menu_order, Station.id))
    )


def _open_day_view(day: OpenDay) -> c.OpenDayView:
    titles: dict[str, Any] = {
        "ar": day.title_ar,
        "ckb": day.title_ckb,
        "kmr": day.title_kmr,
        "en": day.title_en,
    }
    return c.OpenDayView(
        id=day.id,
        station_id=day.station_id,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        titles={k: v for k, v in titles.items() if v},
    )
