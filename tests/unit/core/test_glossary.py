"""docs/glossary.md holds the term to use and the forms to avoid; no catalog uses an avoided form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from feedback_bot import i18n, polls

GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "glossary.md"
CONCEPTS = (
    "Model Police Station", "Open Day", "poll", "opt out", "consent", "resident", "safety",
    "report",
)  # fmt: skip
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(ar|ckb|kmr|en)\s*\|([^|]*)\|([^|]*)\|\s*$")
FORM = re.compile(r"`([^`]+)`")


def glossary() -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    rows = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            concept, language, use, avoid = match.groups()
            rows[(concept, language)] = (FORM.findall(use), FORM.findall(avoid))
    return rows


def frozen_messages() -> set[tuple[str | None, str]]:
    """(msgctxt, msgid) of every superseded poll version: asked as it was, never edited."""
    frozen = set()
    for poll in polls.all_polls():
        if poll.version == polls.load_poll(poll.id).version:
            continue
        for question in poll.questions:
            frozen.add((question.text_context, question.text))
            frozen |= {(question.label_context, option.label) for option in question.options}
    return frozen


def translations(language: str):
    frozen = frozen_messages()
    for po in i18n.catalog_files(language):
        with po.open("rb") as handle:
            for message in read_po(handle):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                if not msgid or (message.context, msgid) in frozen:
                    continue
                forms = [message.string] if isinstance(message.string, str) else message.string
                for form in forms:
                    yield po.stem, msgid, form


def test_the_glossary_covers_every_concept_in_every_language():
    rows = glossary()
    for concept in CONCEPTS:
        for language in i18n.LANGUAGES:
            use, avoid = rows[(concept, language)]
            assert use and avoid, (concept, language)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_catalog_uses_a_form_the_glossary_avoids(language):
    avoided = [
        (concept, form)
        for (concept, lang), (_use, avoid) in glossary().items()
        if lang == language
        for form in avoid
    ]
    latin = language in ("en", "kmr")
    found = []
    for domain, msgid, text in translations(language):
        haystack = text.casefold() if latin else text
        for concept, form in avoided:
            if (form.casefold() if latin else form) in haystack:
                found.append(f"{domain}: {concept}: {form!r} in {text!r} (msgid {msgid!r})")
    assert not found, "\n".join(found)


def test_an_avoided_form_is_caught(tmp_path, monkeypatch):
    folder = tmp_path / "ckb" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "extra.po").write_text(
        'msgid ""\nmsgstr "Language: ckb\\n"\n\nmsgid "How safe?"\nmsgstr "چەند ئاسوودەیت؟"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "catalog_files", lambda lang: sorted(tmp_path.glob(f"{lang}/*/*.po")))
    with pytest.raises(AssertionError, match="safety: 'ئاسوودە'"):
        test_no_catalog_uses_a_form_the_glossary_avoids("ckb")


def test_the_terms_to_use_are_the_ones_the_bot_says():
    said = {
        language: " ".join(text for _, _, text in translations(language))
        for language in i18n.LANGUAGES
    }
    rows = glossary()
    for concept, language in (
        ("safety", "ckb"),
        ("resident", "ar"),
        ("Model Police Station", "kmr"),
    ):
        use, _avoid = rows[(concept, language)]
        assert any(form in said[language] for form in use), (concept, language)
