"""``GET /`` and ``GET /privacy``: real pages in four languages, right-to-left where due, no script."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from feedback_bot.conversation.prompts import EMERGENCY_NUMBER
from feedback_bot.i18n import LANGUAGES

DIRECTION = {"ar": "rtl", "ckb": "rtl", "kmr": "ltr", "en": "ltr"}
# Words each language's full notice must say (controller, purpose, who sees, retention,
# erasure, not an emergency line).
NOTICE_SAYS = {
    "en": ("Ministry of Interior", "Why we ask", "Station commanders see only totals",
           "How long we keep it", "erased", "Not an emergency line"),
    "ar": ("وزارة الداخلية", "لماذا نسأل", "آمرو المراكز", "مدة الاحتفاظ", "لمحو", "ليس خط طوارئ"),
    "ckb": ("وەزارەتی ناوخۆ", "بۆچی دەپرسین", "فەرماندەی بنکەکان", "ماوەی هەڵگرتن", "سڕینەوەی",
            "هێڵی فریاکەوتن نییە"),
    "kmr": ("Wezareta Navxweyî", "Em çima dipirsin", "Fermandarên qereqolan", "Heta kengî",
            "jêbirina", "Ne xeta awarte ye"),
}  # fmt: skip


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attrs for name, attrs in self.tags if name == tag)

    def links(self) -> list[str]:
        return [attrs["href"] for name, attrs in self.tags if name == "a" and attrs.get("href")]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def get(client, path: str, **headers: str) -> Page:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    assert response.mimetype == "text/html"
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'none'
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = Page(response.get_data(as_text=True))
    assert not [tag for tag, _ in page.tags if tag == "script"]
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_in_each_language(client, language):
    page = get(client, f"/privacy?lang={language}")
    html = page.first("html")
    assert (html["lang"], html["dir"]) == (language, DIRECTION[language])
    for words in NOTICE_SAYS[language]:
        assert words in page.words, (language, words)
    assert EMERGENCY_NUMBER in page.words
    assert "30" in page.words and "180" in page.words and "400" in page.words  # DESIGN defaults
    assert f"/?lang={language}" in page.links()
    # Every language is one link away, on the same page.
    assert {f"/privacy?lang={code}" for code in LANGUAGES} <= set(page.links())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_says_how_to_join_and_links_to_the_notice(client, language):
    page = get(client, f"/?lang={language}")
    html = page.first("html")
    assert (html["lang"], html["dir"]) == (language, DIRECTION[language])
    assert f"/privacy?lang={language}" in page.links()
    assert "BGD-01" in page.words
    assert "/simulator" not in page.links()  # development only


def test_keywords_on_arabic_script_pages_are_quoted(client):
    assert "«خصوصية»" in get(client, "/?lang=ar").words
    assert "«وەستان»" in get(client, "/privacy?lang=ckb").words
    assert "RAPIRSÎ" in get(client, "/?lang=kmr").words


def test_without_a_choice_the_browser_language_is_used_and_a_bad_one_is_ignored(client):
    assert get(client, "/privacy", **{"Accept-Language": "ckb,en;q=0.5"}).first("html")["lang"] == (
        "ckb"
    )
    assert get(client, "/?lang=fr", **{"Accept-Language": "fr"}).first("html")["lang"] == "ar"
    assert get(client, "/privacy?lang=%00%3Cscript%3E").first("html")["lang"] == "ar"


def test_every_link_on_the_pages_works(client):
    seen = set()
    for path in ("/?lang=en", "/privacy?lang=ar"):
        for link in get(client, path).links():
            if link.startswith("/") and link not in seen:
                seen.add(link)
                assert client.get(link).status_code == 200, link


def test_the_settings_are_what_the_notice_says(make_app):
    app = make_app(
        RETENTION_MESSAGE_DAYS="14",
        RETENTION_COMMENT_DAYS="90",
        RETENTION_CONTACT_DAYS="365",
        PRIVACY_CONTACT="privacy@mps.example.iq",
        TWILIO_SMS_FROM="+9647700000001",
    )
    client = app.test_client()
    notice = get(client, "/privacy?lang=en").words
    assert "privacy@mps.example.iq" in notice
    assert all(days in notice for days in ("14", "90", "365"))
    assert "By SMS: +9647700000001" in get(client, "/?lang=en").words


def test_in_development_the_home_page_links_to_the_simulator_and_the_dashboard(make_app):
    client = make_app(APP_ENV="development").test_client()
    links = get(client, "/?lang=en").links()
    assert "/simulator" in links and "/dashboard/" in links
