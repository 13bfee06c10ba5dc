"""Informed consent and the privacy keyword, in every language, within 2 SMS segments."""

from __future__ import annotations

import pytest

from feedback_bot.conversation import keywords, prompts
from feedback_bot.i18n import LANGUAGES
from feedback_bot.sms import MAX_SEGMENTS, measure
from tests.support.conversation_world import World

SITE = "https://bot.example.org"
# What the consent must say (DESIGN: who asks, voluntary, confidential and reported only
# as totals, adults, how to stop), as each language says it.
CONSENT_SAYS = {
    "en": ("Model Police Stations", "voluntary", "confidential", "totals", "18+", "STOP"),
    "ar": ("مراكز الشرطة النموذجية", "طوعي", "سرية", "مجمعة", "18+", "«توقف»"),
    "ckb": ("بنکەکانی پۆلیسی نموونەیی", "خۆبەخشانە", "نهێنین", "بە کۆیی", "18+", "«وەستان»"),
    "kmr": ("Qereqolên Modelê", "dilxwazî", "nepenî", "bi giştî", "18+", "RAWESTE"),
}
NOT_EMERGENCY = {"en": "emergency", "ar": "طوارئ", "ckb": "فریاکەوتن", "kmr": "awarte"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consent_says_what_design_asks_within_two_segments(language):
    consent = prompts.consent(language)
    for element in CONSENT_SAYS[language]:
        assert element in consent, (language, element)
    assert measure(consent).segments <= MAX_SEGMENTS
    notice = prompts.consent_notice(language, SITE)
    assert f"bot.example.org/privacy?lang={language}" in notice
    assert prompts.EMERGENCY_NUMBER in notice and NOT_EMERGENCY[language] in notice
    assert measure(notice).segments <= MAX_SEGMENTS


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_resident_reads_the_notice_and_the_link_before_consenting(language):
    world = World(site_url=SITE)
    world.send("Hello")
    notice, consent = world.send(str(LANGUAGES.index(language) + 1))
    assert notice == prompts.consent_notice(language, SITE)
    assert consent == prompts.consent(language)
    # A reply that does not fit asks the consent again, without repeating the notice.
    hint, again = world.send("maybe")
    assert hint == prompts.hint_choice(language, 2) and again == consent


@pytest.mark.parametrize(
    ("word", "language"),
    [(word, lang) for lang, words in keywords.WORDS[keywords.PRIVACY].items() for word in words],
)
def test_every_privacy_word_answers_with_the_short_notice_and_the_link(word, language):
    world = World(language="en", consented=True, station_id=2, profile_known=True, site_url=SITE)
    world.send("POLL")
    notice, question = world.send(word)
    assert notice == prompts.privacy("en", SITE)
    assert "bot.example.org/privacy?lang=en" in notice
    assert question.startswith("How much do you trust the police")  # the poll goes on
    assert world.responses[0]["answers"] == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_short_notice_fits_two_segments_and_says_it_is_no_emergency_line(language):
    notice = prompts.privacy(language, SITE)
    assert measure(notice).segments <= MAX_SEGMENTS
    assert prompts.EMERGENCY_NUMBER in notice and NOT_EMERGENCY[language] in notice
    assert notice.endswith(f"bot.example.org/privacy?lang={language}")


def test_the_privacy_keyword_as_a_first_message_picks_the_language_then_asks_consent():
    world = World(site_url=SITE)
    notice, intro, consent = world.send("خصوصية")
    assert world.resident.language == "ar"
    assert notice == prompts.privacy("ar", SITE)
    assert intro == prompts.consent_notice("ar", SITE)
    assert consent == prompts.consent("ar")
    assert not world.resident.consented


def test_an_opted_out_resident_gets_no_privacy_notice():
    world = World(language="kmr", consented=True, station_id=1, opted_out=True, site_url=SITE)
    assert world.send("NEPENÎTÎ") == []


def test_the_help_text_names_the_privacy_keyword_in_every_language():
    for language in LANGUAGES:
        text = prompts.say(language, prompts.HELP)
        assert keywords.first_word(keywords.PRIVACY, language) in text
        assert measure(text).segments <= MAX_SEGMENTS


def test_without_a_public_url_the_link_is_relative():
    assert prompts.privacy_link("ckb", "") == "/privacy?lang=ckb"
    assert prompts.privacy_link("en", "http://127.0.0.1:5000/") == (
        "http://127.0.0.1:5000/privacy?lang=en"
    )
