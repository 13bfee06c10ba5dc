import datetime as dt
import re

import pytest
from sqlalchemy import select

from feedback_bot.models import Station
from feedback_bot.services.accounts.users import create_token
from feedback_bot.services.reports.summary import weekly_summary
from tests.support.dashboard_seed import (
    BAGHDAD,
    PASSWORD,
    add_resident,
    add_response,
    add_station,
    add_user,
    answers,
    csrf,
    login,
    seed_week,
)
from tests.support.twilio import STATUS_PATH, post_signed

WEEK = dt.date(2026, 11, 1)  # a Sunday: the week of 1-7 November 2026, long over


def cells(html, kind):
    """{indicator: attributes} of the cells of one kind ("week", "rolling") on a page."""
    found = {}
    for match in re.finditer(r'<span class="cell [^"]*"([^>]*)>', html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
        if attrs.get("data-kind") == kind:
            found[attrs["data-indicator"]] = attrs
    return found


@pytest.fixture
def stations(runtime):
    with runtime.transaction() as session:
        bgd = add_station(session, "BGD-01")
        add_station(session, "BSR-01", name_en="Ashar")
        seed_week(session, runtime.vault, bgd, WEEK)
    add_user(runtime, "karim", "commander", "BGD-01", phone="+9647701234567", language="ar")
    add_user(runtime, "amal", "analyst", language="en")
    return runtime


def test_pages_need_a_sign_in(client, stations):
    response = client.get("/dashboard/stations/BGD-01")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dashboard/login")


def test_commander_lands_on_own_station_in_arabic_right_to_left(client, stations):
    response = login(client, "karim")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الملخص الأسبوعي" in html  # "Weekly summary"
    assert "الكرادة" in html


def test_commander_is_refused_another_station(client, stations):
    login(client, "karim")
    assert client.get("/dashboard/stations/BSR-01").status_code == 403
    assert client.get("/dashboard/stations/NOPE-9").status_code == 403
    assert client.get("/dashboard/stations/BSR-01/open-days").status_code == 403
    assert client.get("/dashboard/stations/bgd-01").status_code == 200


def test_analyst_sees_the_station_list_and_every_station(client, stations):
    login(client, "amal")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "/dashboard/stations/BGD-01" in html and "/dashboard/stations/BSR-01" in html
    assert client.get("/dashboard/stations/BSR-01").status_code == 200
    assert client.get("/dashboard/stations/NOPE-9").status_code == 404


def test_page_shows_exactly_the_summary_numbers(client, stations):
    with stations.transaction() as session:
        expected = weekly_summary(session, stations, "BGD-01", WEEK)
    login(client, "amal")
    api_like = client.get(f"/dashboard/stations/BGD-01?week={WEEK.isoformat()}")
    html = api_like.get_data(as_text=True)

    weekly = cells(html, "week")
    assert set(weekly) == set(expected["indicators"])
    for name, cell in expected["indicators"].items():
        shown = weekly[name]
        assert shown["data-suppressed"] == ("true" if cell["suppressed"] else "false")
        if not cell["suppressed"]:
            assert float(shown["data-share"]) == cell["share"]
            assert float(shown["data-ci-low"]) == cell["ci_low"]
            assert float(shown["data-ci-high"]) == cell["ci_high"]
    # 9 of 12 trust the police: 75%, shown with its Wilson interval from the summary.
    trust = expected["indicators"]["trust"]
    assert trust["share"] == pytest.approx(0.75, abs=1e-4)
    assert f"{trust['ci_low'] * 100:.0f}%–{trust['ci_high'] * 100:.0f}%" in html
    # Only 6 answered women_access: suppressed in the summary, suppressed on the page.
    assert expected["indicators"]["women_access"]["suppressed"] is True
    assert weekly["women_access"]["data-suppressed"] == "true"
    assert "data-share" not in weekly["women_access"]
    rolling = cells(html, "rolling")
    for name, cell in expected["rolling_4w"].items():
        assert rolling[name]["data-suppressed"] == ("true" if cell["suppressed"] else "false")


def test_page_and_api_agree(client, stations):
    with stations.transaction() as session:
        token = create_token(session, "amal", now=dt.datetime.now(dt.UTC))
    api = client.get(
        f"/api/v1/stations/BGD-01/summary?week={WEEK.isoformat()}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200
    login(client, "amal")
    html = client.get(f"/dashboard/stations/BGD-01?week={WEEK.isoformat()}").get_data(as_text=True)
    weekly = cells(html, "week")
    for name, cell in api.get_json()["indicators"].items():
        if cell["suppressed"]:
            assert weekly[name]["data-suppressed"] == "true"
        else:
            assert float(weekly[name]["data-share"]) == cell["share"]


def test_trend_charts_are_inline_svg_with_the_seeded_week(client, stations):
    login(client, "karim")
    html = client.get(f"/dashboard/stations/BGD-01?week={WEEK.isoformat()}").get_data(as_text=True)
    charts = re.findall(r'<svg [^>]*class="trend-chart"[^>]*data-weekly-points="(\d+)"', html)
    assert len(charts) == 5
    trust_chart = html[html.index('<figure class="chart card" data-indicator="trust">') :]
    trust_chart = trust_chart[: trust_chart.index("</figure>")]
    assert f'data-week="{WEEK.isoformat()}T00:00:00+03:00" data-share="0.75"' in trust_chart
    # The eleven earlier weeks had nobody: gaps, not zeros.
    assert trust_chart.count('class="gap"') == 11
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")


def test_week_picker_moves_between_weeks(client, stations):
    login(client, "amal")
    html = client.get("/dashboard/stations/BGD-01?week=2026-11-04").get_data(as_text=True)
    assert 'value="2026-11-01"' in html
    assert "week=2026-10-25" in html and "week=2026-11-08" in html
    assert client.get("/dashboard/stations/BGD-01?week=not-a-date").status_code == 404


def test_language_switch_is_kept_in_the_session(client, stations):
    login(client, "karim")
    token = csrf(client, "/dashboard/stations/BGD-01")
    response = client.post(
        "/dashboard/language",
        data={"csrf_token": token, "language": "kmr", "next": "/dashboard/stations/BGD-01?"},
    )
    assert response.headers["Location"].rstrip("?") == "/dashboard/stations/BGD-01"
    html = client.get("/dashboard/stations/BGD-01").get_data(as_text=True)
    assert '<html lang="kmr" dir="ltr">' in html
    assert "Kurteya heftane" in html  # "Weekly summary"
    client.post(
        "/dashboard/language", data={"csrf_token": token, "language": "ckb", "next": "https://x"}
    )
    html = client.get("/dashboard/stations/BGD-01").get_data(as_text=True)
    assert '<html lang="ckb" dir="rtl">' in html and "پوختەی هەفتانە" in html


def test_wrong_password_and_missing_csrf_are_refused(client, stations):
    response = login(client, "karim", "wrong password!!")
    assert response.status_code == 401
    # Nobody is signed in yet: the browser's language, else Arabic.
    assert "اسم المستخدم أو كلمة المرور غير صحيحة." in response.get_data(as_text=True)
    english = client.post(
        "/dashboard/login",
        data={"csrf_token": csrf(client), "name": "karim", "password": "nope"},
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    assert "Wrong user name or password." in english.get_data(as_text=True)
    no_token = client.post("/dashboard/login", data={"name": "karim", "password": PASSWORD})
    assert no_token.status_code == 400
    assert client.get("/dashboard/stations/BGD-01").status_code == 302


def test_login_is_throttled_per_user_and_address(client, stations):
    for _ in range(5):
        assert login(client, "karim", "not the password").status_code == 401
    locked = login(client, "karim")  # even the right password waits now
    assert locked.status_code == 429
    assert "15" in locked.get_data(as_text=True)
    assert login(client, "karim", address="10.9.9.9").status_code == 302


def test_a_correct_login_clears_earlier_failures(client, stations):
    for _ in range(4):
        login(client, "amal", "not the password")
    assert login(client, "amal").status_code == 302
    client.post("/dashboard/logout", data={"csrf_token": csrf(client, "/dashboard/")})
    for _ in range(4):
        assert login(client, "amal", "not the password").status_code == 401
    assert login(client, "amal").status_code == 302


def test_logout_ends_the_session(client, stations):
    login(client, "amal")
    assert client.get("/dashboard/").status_code == 200
    token = csrf(client, "/dashboard/")
    assert client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, stations):
    response = login(client, "amal")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_are_not_cached_framed_or_scripted(client, stations):
    login(client, "amal")
    response = client.get(f"/dashboard/stations/BGD-01?week={WEEK.isoformat()}")
    assert response.headers["Cache-Control"] == "no-store"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'none'" in policy


def test_panel_change_is_shown_as_the_summary_gives_it(client, stations):
    """Eleven residents answer again in the week: 8 moved to trusting, 3 stayed."""
    first = dt.datetime(2026, 9, 8, 11, tzinfo=BAGHDAD)
    again = dt.datetime(2026, 11, 3, 11, tzinfo=BAGHDAD)
    with stations.transaction() as session:
        station = session.scalar(select(Station).where(Station.code == "BGD-01"))
        for index in range(11):
            resident = add_resident(session, stations.vault, station)
            before = 3 if index < 8 else 1
            add_response(session, resident, station, first, answers(before, women_access=1))
            add_response(session, resident, station, again, answers(1, women_access=1), wave=2)
    with stations.transaction() as session:
        expected = weekly_summary(session, stations, "BGD-01", WEEK)["panel"]["indicators"]
    assert expected["trust"]["suppressed"] is False
    login(client, "amal")
    html = client.get(f"/dashboard/stations/BGD-01?week={WEEK.isoformat()}").get_data(as_text=True)
    row = html[html.index('<tr data-indicator="trust" data-suppressed="false">') :]
    row = row[: row.index("</tr>")]
    values = re.findall(r'<td dir="ltr">([^<]*)</td>', row)
    trust = expected["trust"]
    assert values == [
        str(trust["up"]),
        str(trust["down"]),
        str(trust["same"]),
        str(trust["mcnemar_p"]),
    ]
    assert (trust["up"], trust["same"]) == (8, 3)


def test_csrf_is_scoped_to_the_dashboard(client, stations):
    """Twilio's signed callbacks carry no CSRF token and must still be accepted."""
    form = {"MessageSid": "SM" + "0" * 32, "MessageStatus": "delivered"}
    response = post_signed(client, STATUS_PATH, form)
    assert response.status_code in (200, 204)
    assert client.post("/dashboard/logout").status_code == 400
