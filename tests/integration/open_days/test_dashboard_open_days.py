import datetime as dt
import re

import pytest
from sqlalchemy import select

from feedback_bot.models import Registration
from tests.support.dashboard_seed import (
    add_open_day,
    add_station,
    add_user,
    csrf,
    login,
    register,
)

PAGE = "/dashboard/stations/BGD-01/open-days"
ATTEND = "/dashboard/stations/BGD-01/open-days/attend"


def figures(html, open_day_id):
    card = html[html.index(f'data-open-day="{open_day_id}"') :]
    card = card[: card.index("</article>")]
    return {
        k: int(v) for k, v in re.findall(r'data-count="(\w+)"><dt>[^<]*</dt><dd[^>]*>(\d+)', card)
    }


@pytest.fixture
def open_days(runtime):
    now = dt.datetime.now(dt.UTC)
    with runtime.transaction() as session:
        bgd = add_station(session, "BGD-01")
        bsr = add_station(session, "BSR-01")
        today = add_open_day(session, bgd, now - dt.timedelta(hours=1), capacity=3)
        later = add_open_day(session, bgd, now + dt.timedelta(days=5))
        elsewhere = add_open_day(session, bsr, now - dt.timedelta(hours=1))
        register(session, runtime.vault, today, bgd, "ABCD23")
        register(session, runtime.vault, today, bgd, "EFGH45")
        register(session, runtime.vault, today, bgd, "JKLM67", status="waitlisted")
        register(session, runtime.vault, today, bgd, "NPQR89", status="cancelled")
        register(session, runtime.vault, later, bgd, "STUV23")
        register(session, runtime.vault, elsewhere, bsr, "WXYZ45")
        ids = today.id, later.id
    add_user(runtime, "karim", "commander", "BGD-01", language="en")
    return ids


def attend(client, code):
    token = csrf(client, PAGE)
    return client.post(ATTEND, data={"csrf_token": token, "code": code})


def test_open_days_show_registration_counts(client, open_days):
    today, later = open_days
    login(client, "karim")
    html = client.get(PAGE).get_data(as_text=True)
    assert figures(html, today) == {"capacity": 3, "registered": 2, "waitlisted": 1, "attended": 0}
    assert figures(html, later) == {"capacity": 20, "registered": 1, "waitlisted": 0, "attended": 0}


def test_attendance_is_marked_by_code_in_any_case(client, open_days, runtime):
    today, _later = open_days
    login(client, "karim")
    response = attend(client, " abcd-23 ")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Attendance recorded for code ABCD23." in html
    assert figures(html, today)["attended"] == 1
    with runtime.transaction() as session:
        registration = session.scalar(select(Registration).where(Registration.code == "ABCD23"))
        assert registration.status == "attended" and registration.attended_at is not None
    again = attend(client, "ABCD23")
    assert "already marked" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("WXYZ45", "No registration at this station has the code WXYZ45."),  # other station
        ("ZZZZZZ", "No registration at this station has the code ZZZZZZ."),
        ("NPQR89", "Code NPQR89 belongs to a cancelled registration."),
        ("STUV23", "The Open Day of code STUV23 has not started yet."),
    ],
)
def test_codes_that_cannot_be_marked_say_why(client, open_days, runtime, code, message):
    login(client, "karim")
    response = attend(client, code)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with runtime.transaction() as session:
        assert session.scalar(select(Registration.status).where(Registration.code == code)) in (
            None,
            "registered",
            "cancelled",
        )


def test_attendance_needs_the_csrf_token_and_the_right_station(client, open_days, runtime):
    login(client, "karim")
    assert client.post(ATTEND, data={"code": "ABCD23"}).status_code == 400
    token = csrf(client, PAGE)
    refused = client.post(
        "/dashboard/stations/BSR-01/open-days/attend", data={"csrf_token": token, "code": "WXYZ45"}
    )
    assert refused.status_code == 403
    with runtime.transaction() as session:
        statuses = session.scalars(
            select(Registration.status).where(Registration.code.in_(["ABCD23", "WXYZ45"]))
        )
        assert set(statuses) == {"registered"}
