"""The privacy notice and the home page in Chromium on a phone-sized screen, with scripts off."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("ckb", "rtl"), ("kmr", "ltr")])
def test_the_privacy_notice_reads_on_a_phone(live_server, browser, artifacts, language, direction):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server}/privacy?lang={language}")
        assert page.get_attribute("html", "dir") == direction
        heading = page.locator("h1")
        assert heading.evaluate("el => getComputedStyle(el).direction") == direction
        assert page.locator("#emergency").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(artifacts / f"privacy-{language}.png"), full_page=True)
        page.click("text=" + page.locator("header nav a").nth(3).inner_text())  # English
        assert page.get_attribute("html", "lang") == "en"
        page.goto(f"{live_server}/?lang={language}")
        page.locator(f"a[href='/privacy?lang={language}']").last.click()
        assert page.url.endswith(f"/privacy?lang={language}")
    finally:
        context.close()
