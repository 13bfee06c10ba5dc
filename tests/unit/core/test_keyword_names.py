"""Keywords named in texts: marked «…» in Arabic script, and each language names its own."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from feedback_bot import i18n
from feedback_bot.conversation import keywords, prompts

# The placeholders that receive a keyword (prompts.keyword_names, the public pages), in
# the domains that fill them (elsewhere %(start)s is a date: reports' "Week of …").
KEYWORD_DOMAINS = ("messages", "pages")
KEYWORD_PLACEHOLDERS = ("stop", "start", "poll", "openday", "lang", "privacy", "help", "erase")
PLACEHOLDER = re.compile(r"%\((" + "|".join(KEYWORD_PLACEHOLDERS) + r")\)s")
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"^[A-ZÇÊÎÛŞ ]+$")


def strings(language: str):
    for po in i18n.catalog_files(language):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    forms = [message.string] if isinstance(message.string, str) else message.string
                    yield po.stem, message.id, forms


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_every_keyword_in_arabic_script_is_quoted(language):
    unquoted = []
    for domain, _msgid, forms in strings(language):
        if domain not in KEYWORD_DOMAINS:
            continue
        for form in forms:
            for match in PLACEHOLDER.finditer(form):
                before, after = form[: match.start()], form[match.end() :]
                if not (before.endswith("«") and after.startswith("»")):
                    unquoted.append(f"{domain}: {form}")
    assert not unquoted, "\n".join(unquoted)


def test_a_rendered_help_text_shows_the_keywords_apart_from_the_words_around_them():
    assert prompts.say("ar", prompts.HELP).startswith("أرسل «استبيان» للاستبيان، «يوم مفتوح»")
    assert "«وەستان» بۆ وەستان" in prompts.say("ckb", prompts.HELP)
    assert prompts.say("ar", prompts.OPTED_OUT).endswith("أرسل «ابدأ» للعودة.")


@pytest.mark.parametrize("intent", sorted(keywords.WORDS))
def test_each_language_shows_a_keyword_of_its_own(intent):
    shown = {language: keywords.first_word(intent, language) for language in i18n.LANGUAGES}
    assert ARABIC.search(shown["ar"]) and ARABIC.search(shown["ckb"])
    assert LATIN.match(shown["kmr"]) and LATIN.match(shown["en"])
    assert len(set(shown.values())) == len(shown), shown  # nobody borrows another's word
    assert shown["kmr"] != "ANKET"  # Turkish; Kurmanji says RAPIRSÎ


def test_kurmanji_texts_name_rapirsi_and_never_the_turkish_anket():
    assert keywords.first_word(keywords.POLL, "kmr") == "RAPIRSÎ"
    assert keywords.match("anket").intent == keywords.POLL  # still understood when typed
    for _domain, _msgid, forms in strings("kmr"):
        assert not any("ANKET" in form.upper() for form in forms), forms
