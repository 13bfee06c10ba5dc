"""The Open Day keyword flow over the registration service: place, waitlist, cancel, promotion."""

import datetime as dt
import itertools

from sqlalchemy import select

from feedback_bot.messaging import InboundMessage
from feedback_bot.models import Registration, Resident
from feedback_bot.services.inbound import receiving as inbound
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

NOW = local(2026, 12, 1, 12, 0)
_sids = itertools.count(1)


def say(runtime, phone, text, at):
    message = InboundMessage(
        message_sid=f"SM{next(_sids):032d}", channel="whatsapp", phone=phone, body=text,
        received_at=at,
    )  # fmt: skip
    return "\n".join(inbound.receive(runtime, message))


def registration_of(runtime, phone):
    with runtime.transaction() as session:
        resident = session.scalar(
            select(Resident).where(Resident.phone_lookup == runtime.vault.lookup_hash(phone))
        )
        return session.scalar(select(Registration).where(Registration.resident_id == resident.id))


def test_a_cancelled_place_goes_to_the_waitlisted_resident_who_is_told(runtime):
    holder, waiting = "+9647701010001", "+9647701010002"
    with runtime.transaction() as session:
        station = add_stations(session)["BSR-01"]
        add_open_day(session, station, starts_at=local(2026, 12, 5, 10, 0), capacity=1)
        add_resident(session, runtime, holder, station=station, language="en")
        add_resident(session, runtime, waiting, station=station, language="ar")

    say(runtime, holder, "OPENDAY", NOW)
    reply = say(runtime, holder, "1", NOW + dt.timedelta(minutes=1))
    held = registration_of(runtime, holder)
    assert held.status == "registered" and held.code in reply

    say(runtime, waiting, "يوم مفتوح", NOW + dt.timedelta(minutes=2))
    say(runtime, waiting, "١", NOW + dt.timedelta(minutes=3))
    assert registration_of(runtime, waiting).status == "waitlisted"

    assert held.code in say(runtime, holder, "open day", NOW + dt.timedelta(hours=1))
    say(runtime, holder, "2", NOW + dt.timedelta(hours=1, minutes=1))
    assert registration_of(runtime, holder).status == "cancelled"
    promoted = registration_of(runtime, waiting)
    assert promoted.status == "registered"
    [message] = queued(runtime, "open_day_promoted")
    assert message.template_name == "OPEN_DAY_PROMOTED"
    assert message.language == "ar" and promoted.code in message.body
