"""Whatever a resident sends, in any order, the engine answers sensibly and keeps its promises."""

import datetime as dt
import json

from hypothesis import event, given, settings
from hypothesis import strategies as st

from feedback_bot.conversation.context import OpenDayView, RegistrationView
from tests.support.conversation_world import NOW, World

DAY = OpenDayView(7, 2, NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=3, hours=3))
VOCABULARY = [
    *"0123456789", "٣", "۵", "11", "", " ", "hello", "مرحبا", "نعم", "لا", "erê", "STOP",
    "توقف", "START", "ابدأ", "HELP", "POLL", "استبيان", "ڕاپرسی", "OPENDAY", "يوم مفتوح",
    "LANG", "زمان", "BGD-01", "bsr01", "3ala", "a long free text comment", "😀",
]  # fmt: skip
messages = st.lists(
    st.tuples(
        st.one_of(st.sampled_from("1231"), st.sampled_from(VOCABULARY), st.text(max_size=30)),
        st.sampled_from([0, 0, 0, 1, 30]),  # hours before the message
        st.sampled_from([None, None, "2", "trust_police:1"]),  # a WhatsApp tap
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(messages, st.booleans(), st.booleans())
def test_any_sequence_of_messages_keeps_the_promises(sequence, with_open_day, holder):
    world = World(channel="whatsapp")
    if with_open_day:
        world.open_days = {2: (DAY,)}
    if holder:
        world.registration = RegistrationView(3, "K7MX2Q", "registered", DAY)
    for text, hours, payload in sequence:
        if not world.exists:
            world = World(channel="whatsapp")
        was_opted_out = world.resident.opted_out
        replies = world.send(text, payload=payload, after=dt.timedelta(hours=hours))
        assert all(isinstance(r, str) and r.strip() for r in replies)
        json.dumps(world.state)  # the state is stored as JSON
        if was_opted_out and world.resident.opted_out:
            assert replies == []  # an opted-out resident hears nothing
        for response in world.responses:
            for _status, code, _text in response["answers"].values():
                assert code is None or 1 <= code <= 6
            if response["status"] == "completed":
                assert response["station_id"] is not None
    event(f"completed responses: {sum(r['status'] == 'completed' for r in world.responses)}")
