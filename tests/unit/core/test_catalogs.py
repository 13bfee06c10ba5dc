"""Every message of every domain is translated in all four languages, placeholders intact."""

from __future__ import annotations

import os
import re

import pytest
from babel.messages.pofile import read_po

from feedback_bot import i18n

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# A plural form may leave the count implicit ("one visit" / "زيارة واحدة").
COUNT_NAMES = {"n"}


def _catalogs() -> dict[str, dict[str, object]]:
    """{domain: {language: catalog}} for every .po under locales/."""
    found: dict[str, dict[str, object]] = {}
    for language in i18n.LANGUAGES:
        for po in i18n.catalog_files(language):
            with po.open("rb") as handle:
                found.setdefault(po.stem, {})[language] = read_po(handle)
    return found


CATALOGS = _catalogs()


def _key(message) -> tuple:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def test_the_messages_domain_exists_in_every_language():
    assert set(CATALOGS["messages"]) == set(i18n.LANGUAGES)


@pytest.mark.parametrize("domain", sorted(CATALOGS))
def test_every_message_is_translated_in_every_language(domain):
    by_language = CATALOGS[domain]
    assert set(by_language) == set(i18n.LANGUAGES), f"{domain}: a language lacks the catalog"
    all_keys = set()
    for catalog in by_language.values():
        all_keys |= {_key(m) for m in catalog if m.id}
    problems = []
    for language, catalog in by_language.items():
        messages = {_key(m): m for m in catalog if m.id}
        for key in sorted(all_keys, key=str):
            message = messages.get(key)
            strings = [] if message is None else message.string
            strings = [strings] if isinstance(strings, str) else list(strings)
            if message is None or not strings or not all(s.strip() for s in strings):
                problems.append(f"{domain}/{language}: untranslated {key}")
            elif message.fuzzy:
                problems.append(f"{domain}/{language}: fuzzy {key}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("domain", sorted(CATALOGS))
def test_placeholders_match_between_msgid_and_msgstr(domain):
    problems = []
    for language, catalog in CATALOGS[domain].items():
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, str):
                expected = set(PLACEHOLDER.findall(message.id))
                if message.string and set(PLACEHOLDER.findall(message.string)) != expected:
                    problems.append(f"{domain}/{language}: {message.id!r}")
                continue
            expected = set(PLACEHOLDER.findall(message.id[1]))
            for form in message.string:
                found = set(PLACEHOLDER.findall(form))
                if form and (not found <= expected or expected - found - COUNT_NAMES):
                    problems.append(f"{domain}/{language}: {message.id[0]!r} form {form!r}")
    assert not problems, "\n".join(problems)


def test_arabic_has_six_plural_forms_and_kurdish_two():
    for language, forms in {"ar": 6, "ckb": 2, "kmr": 2, "en": 2}.items():
        for domain, by_language in CATALOGS.items():
            assert by_language[language].num_plurals == forms, (domain, language)


def test_arabic_plural_rule_picks_the_cldr_categories():
    rule = i18n.translations("ar").plural
    assert [rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        0, 1, 2, 3, 3, 4, 4, 5, 5, 3,
    ]  # fmt: skip


def test_translate_picks_the_language_and_fills_placeholders():
    question = "How much do you trust the police at %(station)s?"
    assert i18n.translate("en", question, station="Ramadi") == (
        "How much do you trust the police at Ramadi?"
    )
    arabic = i18n.translate("ar", question, station="الرمادي")
    assert "الرمادي" in arabic and "ثقتك" in arabic
    assert i18n.translate("kmr", question, station="Remadî").startswith("Tu çiqas")


def test_answer_labels_are_translated_by_their_question():
    trust = i18n.translate_in("ar", "trust_police", "not at all")
    respect = i18n.translate_in("ar", "police_respect", "not at all")
    assert trust != respect
    assert i18n.translate_in("en", "police_respect", "not at all") == "not at all"


def test_an_unknown_language_falls_back_to_the_english_source():
    assert i18n.translate("fr", "Was the Open Day at %(station)s useful to you?", station="X") == (
        "Was the Open Day at X useful to you?"
    )


def test_an_up_to_date_mo_is_used_and_a_stale_one_ignored(tmp_path):
    po = i18n.catalog_files("ckb")[0]
    copy = tmp_path / po.name
    copy.write_bytes(po.read_bytes())
    compiled = i18n._mo_bytes(copy)  # no .mo beside it: compiled in memory
    assert compiled[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")  # gettext magic
    mo = copy.with_suffix(".mo")
    mo.write_bytes(b"compiled at install")
    po_time = copy.stat().st_mtime
    os.utime(mo, (po_time + 10, po_time + 10))
    assert i18n._mo_bytes(copy) == b"compiled at install"
    os.utime(mo, (po_time - 10, po_time - 10))  # the .po was edited after the build
    assert i18n._mo_bytes(copy) == compiled
