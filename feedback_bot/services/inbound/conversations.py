"""Running the conversation for one resident: load the context, run the engine, record its effects.

Called inside the caller's transaction (``services.inbound.receiving`` for messages; the
scheduler's jobs for invitations and post-Open-Day polls), so a message and all it
changes commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import select, update

from feedback_bot.conversation import context as c
from feedback_bot.conversation import engine
from feedback_bot.conversation.run import PERSISTENT_KEYS
from feedback_bot.messaging import InboundMessage
from feedback_bot.models import Conversation, OpenDay, Resident, Response, Station
from feedback_bot.models.residents import NO_NUMBER
from feedback_bot.services import waves
from feedback_bot.services.inbound import effects as conversation_effects
from feedback_bot.services.open_days import registrations as open_days


class Handled(NamedTuple):
    replies: list[str]
    resident_id: int | None  # None when the message erased the resident


def handle_inbound(session, runtime, message: InboundMessage) -> Handled:
    """The replies to one inbound message; the resident is created on their first message."""
    now = message.received_at
    resident = find_or_create_resident(session, runtime, message)
    # ``loaded`` also holds the response and station joined to the conversation: the
    # session keeps only weak references, and Session.get finds them while they live.
    loaded = _conversation(session, resident, now=now)
    conversation = loaded.conversation
    _drop_closed_invitation(session, conversation)
    incoming = c.Incoming.from_text(
        message.body,
        channel=message.channel,
        button_payload=message.button_payload,
        opt_out_type=message.opt_out_type,
    )
    ctx = build_context(session, runtime, resident, now=now)
    outcome = engine.handle(conversation.state or {}, incoming, ctx)
    resident_id = resident.id
    applied = conversation_effects.apply(
        session, runtime, resident, conversation, outcome, ctx, channel=message.channel
    )
    return Handled(applied.replies, None if applied.erased else resident_id)


def open_invitation(session, runtime, resident: Resident, followup, *, now: dt.datetime) -> str:
    """Put the resident in front of a follow-up wave's invitation; the text to send them."""
    return _open_flow(
        session,
        runtime,
        resident,
        lambda state, ctx: engine.open_invitation(
            state, ctx, followup_id=followup.id, wave=followup.wave
        ),
        now=now,
    )


def open_open_day_poll(
    session, runtime, resident: Resident, open_day: OpenDay, *, now: dt.datetime
) -> str:
    """Start the ``open_day`` poll for an attendee; the text of its first question."""
    return _open_flow(
        session,
        runtime,
        resident,
        lambda state, ctx: engine.open_open_day_poll(
            state, ctx, open_day_id=open_day.id, station_id=open_day.station_id
        ),
        now=now,
    )


def _open_flow(session, runtime, resident: Resident, start, *, now: dt.datetime) -> str:
    """Run an engine entry point the scheduler starts (not the resident); the text to send."""
    loaded = _conversation(session, resident, now=now)  # keeps the joined rows alive
    conversation = loaded.conversation
    ctx = build_context(session, runtime, resident, now=now)
    outcome = start(conversation.state or {}, ctx)
    applied = conversation_effects.apply(
        session, runtime, resident, conversation, outcome, ctx, channel=resident.channel
    )
    return "\n".join(applied.replies)


def find_or_create_resident(session, runtime, message: InboundMessage) -> Resident:
    """The resident behind a phone number; a new one is stored encrypted, never in clear."""
    vault = runtime.vault
    lookup = vault.lookup_hash(message.phone)
    now = message.received_at
    seen: dict[str, Any] = {"channel": message.channel, "last_inbound_at": now}
    if message.channel == "whatsapp":
        seen["last_whatsapp_inbound_at"] = now
    # One statement finds the resident, notes this message and takes their row lock
    # (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises every writer), so one resident's
    # simultaneous messages queue and each runs on the state the previous one left. The
    # conversation must be read by a later statement, never joined here: a statement that
    # waited for the lock still reads other rows as they were when it started.
    resident = session.scalars(
        update(Resident).where(Resident.phone_lookup == lookup).values(**seen).returning(Resident),
        execution_options={"synchronize_session": False},
    ).one_or_none()
    if resident is not None and resident.phone_encrypted == NO_NUMBER:
        # Retention deleted the number after a long silence; writing again brings it back.
        resident.phone_encrypted = vault.encrypt(message.phone)
    if resident is None:
        resident = Resident(
            phone_lookup=lookup,
            phone_encrypted=vault.encrypt(message.phone),
            respondent_id=vault.respondent_id(message.phone),
            created_at=now,
            **seen,
        )
        session.add(resident)
        session.flush()  # a concurrent first message of the same phone fails here
    return resident


class _Loaded(NamedTuple):
    conversation: Conversation
    response: Response | None
    station: Station | None


def _conversation(session, resident: Resident, *, now: dt.datetime) -> _Loaded:
    """The resident's conversation, with the response it is on and that poll's station.

    Both are joined by the ids in the saved state, so the response being answered and the
    station a question names come in the same statement as the conversation.
    """
    state = Conversation.state
    row = session.execute(
        select(Conversation, Response, Station)
        .outerjoin(Response, Response.id == state[("poll", "response_id")].as_integer())
        .outerjoin(Station, Station.id == state[("poll", "station_id")].as_integer())
        .where(Conversation.resident_id == resident.id)
    ).first()
    if row is not None:
        return _Loaded(*row)
    conversation = Conversation(resident_id=resident.id, state={}, updated_at=now)
    session.add(conversation)
    session.flush()
    return _Loaded(conversation, None, None)


def _drop_closed_invitation(session, conversation: Conversation) -> None:
    """An invitation whose wave has closed (missed, superseded) no longer waits for an answer."""
    state = conversation.state or {}
    invitation = state.get("invitation")
    closed = invitation and waves.open_followup(session, invitation["followup_id"]) is None
    if state.get("step") == "invitation" and closed:
        conversation.state = {k: v for k, v in state.items() if k in PERSISTENT_KEYS}


def build_context(session, runtime, resident: Resident, *, now: dt.datetime) -> c.Context:
    """Everything the engine may read; each fact is queried only if the engine reads it.

    A poll answer reads none of the stations, Open Days, registration or trust facts (the
    station named in a question is found by id), so it sends no query for them.
    """
    resident_id = resident.id
    view = c.ResidentView(
        language=resident.language,
        consented=resident.consented_at is not None,
        station_id=resident.station_id,
        profile_known=resident.gender is not None or resident.age_band is not None,
        opted_out=bool(resident.opted_out),
        trust_completed=lambda: _trust_completed(session, resident_id),
    )
    return c.Context(
        now=now,
        resident=view,
        stations=lambda: station_views(session),
        open_days=lambda: _upcoming_open_days(session, now),
        registration=lambda: _registration(session, resident_id, now),
        timezone=runtime.config["TIMEZONE"],
        site_url=runtime.config.get("PUBLIC_BASE_URL") or "",
        find_station=lambda station_id: _station_view(session.get(Station, station_id)),
        find_station_by_key=lambda key: _station_by_key(session, key),
    )


def _upcoming_open_days(session, now: dt.datetime) -> dict[int, tuple[c.OpenDayView, ...]]:
    upcoming = session.scalars(
        select(OpenDay)
        .where(OpenDay.cancelled_at.is_(None), OpenDay.starts_at > now)
        .order_by(OpenDay.starts_at, OpenDay.id)
    )
    by_station: dict[int, list[c.OpenDayView]] = {}
    for day in upcoming:
        by_station.setdefault(day.station_id, []).append(_open_day_view(day))
    return {k: tuple(v) for k, v in by_station.items()}


def _registration(session, resident_id: int | None, now: dt.datetime) -> c.RegistrationView | None:
    if resident_id is None:
        return None
    row = open_days.current_registration(session, resident_id, now=now)
    if row is None:
        return None
    day = session.get(OpenDay, row.open_day_id)
    return c.RegistrationView(row.id, row.code, row.status, _open_day_view(day))


def _trust_completed(session, resident_id: int | None) -> bool:
    completed = session.scalar(
        select(Response.id)
        .where(
            Response.resident_id == resident_id,
            Response.poll_id == "trust",
            Response.wave == 1,
            Response.status == "completed",
        )
        .limit(1)
    )
    return completed is not None


def _station_by_key(session, key: str) -> c.StationView | None:
    # Every match key holds the letters of a station code (``stations.CODE_PATTERN``), so
    # a reply without a Latin letter (a number, a word in Arabic script) is never a code.
    if not any("a" <= ch <= "z" for ch in key):
        return None
    return _station_view(session.scalar(select(Station).where(Station.match_key == key)))


def station_views(session) -> tuple[c.StationView, ...]:
    """Every station in menu order, as the engine sees it (one query)."""
    return tuple(
        _station_view(s)
        for s in session.scalars(select(Station).order_by(Station.menu_order, Station.id))
    )


def _station_view(station: Station | None) -> c.StationView | None:
    if station is None:
        return None
    return c.StationView(
        id=station.id,
        code=station.code,
        match_key=station.match_key,
        names={
            "ar": station.name_ar,
            "ckb": station.name_ckb,
            "kmr": station.name_kmr,
            "en": station.name_en,
        },
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
