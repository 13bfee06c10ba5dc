"""Revision 0002_whatsapp_contents goes down and up again with data in place."""

from __future__ import annotations

from sqlalchemy import func, inspect, select

from feedback_bot.db import utcnow
from feedback_bot.models import Station, WhatsappContent
from feedback_bot.services import schema
from feedback_bot.services.demo import seed_demo

REVISION = "0002_whatsapp_contents"


def test_down_one_step_keeps_every_other_row_and_up_again_stores_contents(app, runtime):
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
        session.add(
            WhatsappContent(
                scope="trust",
                version=1,
                question_id="women_access",
                language="ckb",
                wording_hash="a" * 64,
                content_type="twilio/quick-reply",
                content_sid="HX" + "0" * 32,
            )
        )
    with runtime.transaction() as session:
        stations = session.scalar(select(func.count()).select_from(Station))
    assert stations > 0
    with app.app_context():
        head = schema.current_revision()
        schema.downgrade(f"{REVISION}-1")  # the revision it is chained on, whichever that is
        assert "whatsapp_contents" not in inspect(runtime.engine).get_table_names()
        with runtime.transaction() as session:
            assert session.scalar(select(func.count()).select_from(Station)) == stations
        schema.upgrade("head")
        assert schema.current_revision() == head
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Station)) == stations
        assert session.scalar(select(func.count()).select_from(WhatsappContent)) == 0
        session.add(
            WhatsappContent(
                scope="bot",
                version=0,
                question_id="consent",
                language="kmr",
                wording_hash="b" * 64,
                content_type="twilio/quick-reply",
                content_sid="HX" + "1" * 32,
            )
        )
    with runtime.transaction() as session:
        [row] = session.scalars(select(WhatsappContent)).all()
        assert (row.question_id, row.language) == ("consent", "kmr")
