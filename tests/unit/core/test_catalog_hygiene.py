"""Catalog hygiene: Babel's own checks, every msgstr rendered with its placeholders, headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from feedback_bot import i18n
from feedback_bot.services.open_days.messages import DEFAULT_TITLE

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
REVIEW = "awaiting review by a native speaker"


def catalog_paths():
    return [po for language in i18n.LANGUAGES for po in i18n.catalog_files(language)]


def name(po) -> str:
    return f"{po.parent.parent.name}/{po.stem}"


def read(po):
    with po.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("po", catalog_paths(), ids=name)
def test_babel_finds_nothing_wrong(po):
    catalog = read(po)
    problems = [
        f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors
    ]
    assert not problems, "\n".join(problems)


def sample(msgid: str, n: int = 3) -> dict[str, object]:
    """A value for every placeholder of ``msgid``, as the code passes them (``%(n)s`` a number)."""
    values: dict[str, object] = {"_": ""}  # never empty: a mapping makes % parse the text
    for key, kind in PLACEHOLDER.findall(msgid):
        values[key] = n if kind == "d" or key == "n" else f"<{key}>"
    return values


@pytest.mark.parametrize("po", catalog_paths(), ids=name)
def test_every_translation_renders_with_its_placeholders(po):
    failures = []
    for message in read(po):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        for number, form in enumerate(forms):
            values = sample(ids[-1] if len(ids) > 1 else ids[0], n=number + 2)
            try:
                rendered = form % values
            except (KeyError, ValueError, TypeError) as error:
                failures.append(f"{ids[0]!r} -> {form!r}: {error!r}")
                continue
            if "%(" in rendered:
                failures.append(f"{ids[0]!r} -> {form!r}: a placeholder was left unfilled")
            expected = {key for key, _ in PLACEHOLDER.findall(ids[-1])} - {"n"}
            missing = [key for key in expected if f"<{key}>" not in rendered]
            if missing:
                failures.append(f"{ids[0]!r} -> {form!r}: drops {missing}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("po", catalog_paths(), ids=name)
def test_every_header_says_it_awaits_a_native_speakers_review(po):
    text = po.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert REVIEW in header, po


def test_the_two_95_percent_strings_are_no_longer_taken_for_format_strings():
    reports = read(i18n.locales_root() / "ar" / "LC_MESSAGES" / "reports.po")
    shares = [m for m in reports if m.id and "interval" in m.id]
    assert len(shares) == 2
    for message in shares:
        assert "%(level)s" in message.id and "%(level)s" in message.string
        assert message.string % {"level": "95%"}


def test_docs_translation_says_what_every_placeholder_receives():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "translation.md").read_text("utf-8")
    documented = set()
    for line in doc.splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 3 and cells[1] in ("messages", "pages", "scheduling", "reports"):
            documented |= {(cells[1], key) for key, _ in PLACEHOLDER.findall(cells[2])}
    used = set()
    for po in i18n.catalog_files("en"):
        for message in read(po):
            ids = [message.id] if isinstance(message.id, str) else list(message.id or ())
            used |= {(po.stem, key) for msgid in ids for key, _ in PLACEHOLDER.findall(msgid)}
    assert not used - documented, sorted(used - documented)


def test_the_open_day_title_has_its_own_context_apart_from_the_dashboard_heading():
    for language in i18n.LANGUAGES:
        title = i18n.translate_in(language, *DEFAULT_TITLE)
        assert title.strip()
        assert i18n.translate(language, "Open Day").strip()  # the reports domain's heading
