import datetime as dt

import pytest

from feedback_bot.web.dashboard.present import last_full_week
from tests.support.dashboard_seed import (
    PASSWORD,
    add_open_day,
    add_station,
    add_user,
    register,
    seed_week,
    week_sunday,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(runtime):
    """A commander of BGD-01, whose last full week has 12 respondents; and BSR-01."""
    week = week_sunday(last_full_week(dt.datetime.now(dt.UTC), runtime.config["TIMEZONE"]))
    with runtime.transaction() as session:
        station = add_station(session, "BGD-01")
        add_station(session, "BSR-01", name_en="Ashar")
        seed_week(session, runtime.vault, station, week)
        today = add_open_day(session, station, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
        register(session, runtime.vault, today, station, "ABCD23")
    add_user(runtime, "karim", "commander", "BGD-01", phone="+9647701234567", language="ar")
    return week


def test_commander_signs_in_sees_the_chart_and_not_another_station(
    live_server, phone_page, seeded, artifacts
):
    page = phone_page
    page.goto(f"{live_server}/dashboard/")
    assert page.url.startswith(f"{live_server}/dashboard/login")
    page.fill("#name", "karim")
    page.fill("#password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard/stations/BGD-01")

    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    # The stylesheet is served by the app itself (no CDN) and applies under the CSP.
    colour = page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
    assert colour == "rgb(31, 95, 158)"
    trust = page.locator('.indicator[data-indicator="trust"] .cell.week')
    assert trust.get_attribute("data-share") == "0.75"
    assert "75%" in trust.inner_text()
    hidden = page.locator('.indicator[data-indicator="women_access"] .cell.week')
    assert hidden.get_attribute("data-suppressed") == "true"

    charts = page.locator("svg.trend-chart")
    assert charts.count() == 5
    trust_chart = page.locator('figure[data-indicator="trust"] svg.trend-chart')
    trust_chart.scroll_into_view_if_needed()
    assert trust_chart.is_visible()
    assert trust_chart.get_attribute("data-weekly-points") == "1"
    point = trust_chart.locator(f'g.week[data-week^="{seeded.isoformat()}"] circle.weekly')
    assert point.count() == 1
    box = trust_chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150  # drawn, not collapsed
    # Mobile first: nothing wider than the phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "dashboard-summary-ar.png"), full_page=True)
    page.locator('.indicator[data-indicator="trust"]').screenshot(
        path=str(artifacts / "dashboard-trust-card-ar.png")
    )
    page.locator('figure[data-indicator="trust"]').screenshot(
        path=str(artifacts / "dashboard-trust-chart-ar.png")
    )

    refused = page.goto(f"{live_server}/dashboard/stations/BSR-01")
    assert refused.status == 403
    assert "لا تملك صلاحية" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "dashboard-other-station-403.png"))

    page.goto(f"{live_server}/dashboard/stations/BGD-01")
    page.click('form.languages button[value="en"]')
    page.wait_for_load_state()
    page.click("nav.tabs >> text=Open Days")
    page.fill("#code", "abcd23")
    page.click(".attend button[type=submit]")
    page.wait_for_load_state()
    assert page.get_attribute(".message", "data-outcome") == "marked"
    assert page.inner_text('[data-count="attended"] dd') == "1"
    page.screenshot(path=str(artifacts / "dashboard-open-days-en.png"), full_page=True)

    page.goto(f"{live_server}/dashboard/stations/BGD-01")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.locator("h2", has_text="Trend over the last 12 weeks").count() == 1
    page.screenshot(path=str(artifacts / "dashboard-summary-en.png"), full_page=True)
