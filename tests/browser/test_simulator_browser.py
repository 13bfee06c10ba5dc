"""A newcomer takes the poll in Arabic in the browser simulator, as the README's demo says."""

import pytest

from feedback_bot.db import utcnow
from feedback_bot.runtime import get_runtime
from feedback_bot.services.demo import seed_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    """The simulator exists only in development."""
    app = make_app(APP_ENV="development")
    runtime = get_runtime(app)
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
    return app


def send(page, text):
    bots = page.locator("#transcript li.bot").count()
    page.fill("input[name=text]", text)
    page.press("input[name=text]", "Enter")
    page.locator("#transcript li.bot").nth(bots).wait_for()
    return page.locator("#transcript li.bot").last.inner_text()


def test_taking_the_poll_in_arabic_in_the_simulator(live_server, phone_page, artifacts):
    page = phone_page
    page.goto(f"{live_server}/simulator")
    assert page.get_attribute("html", "dir") == "ltr"
    assert "العربية" in send(page, "مرحبا")
    consent = send(page, "1")
    assert "طوعي" in consent and consent.endswith("1 أوافق\n2 لا")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.inner_text("h1") == "تجربة المحادثة"
    assert "الكرادة" in send(page, "1")
    send(page, "3")
    send(page, "2")
    assert send(page, "3").startswith("ما مدى ثقتك بالشرطة في الكرادة؟")
    for answer in ("2", "1", "2", "1", "1"):
        send(page, answer)
    thanks = send(page, "٠")
    assert thanks.startswith("شكرا لإجاباتك!")
    bubble = page.locator("#transcript li.bot").last
    assert bubble.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "simulator-poll-ar.png"), full_page=True)
