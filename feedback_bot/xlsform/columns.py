"""The XLSForm columns this product reads and writes, and how a translated header is spelled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedback_bot.i18n import LANGUAGES, language

SURVEY_TRANSLATED = ("label", "hint", "constraint_message")
SURVEY_PLAIN = (
    "type",
    "name",
    "required",
    "relevant",
    "constraint",
    "fb_indicator",
    "fb_positive",
    "fb_excluded",
)
CHOICES_TRANSLATED = ("label",)
CHOICES_PLAIN = ("list_name", "name")
SETTINGS_TRANSLATED = ("form_title",)
SETTINGS_PLAIN = ("form_id", "version", "default_language", "form_title")

_TRANSLATED = re.compile(r"^(?P<field>[a-z_]+)::(?P<name>.*?)\s*(?:\((?P<code>[^()]*)\))?$")
_LANGUAGE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<code>[^()]*)\))?$")


def language_setting(code: str) -> str:
    """``default_language`` as XLSForm writes it, the language part of a header: ``Arabic (ar)``.

    ODK has no fallback between languages, so every translated column names its code.
    """
    return f"{language(code).english_name} ({code})"


def header(field: str, code: str) -> str:
    """The column header of ``field`` in a language: ``label::Arabic (ar)``."""
    return f"{field}::{language_setting(code)}"


def parse_language(value: str) -> str | None:
    """The code of ``English (en)`` or ``en``; None when it is not one of ours."""
    match = _LANGUAGE.match(value.strip())
    code = (match["code"] if match and match["code"] is not None else value).strip()
    return code if code in LANGUAGES else None


@dataclass(frozen=True)
class Header:
    """One header as read: a plain column, or a translated one with its language."""

    text: str
    field: str
    language: str | None = None
    problem: str | None = None  # why this header cannot be used


def parse_header(text: str, plain: tuple[str, ...], translated: tuple[str, ...]) -> Header:
    """What a header means on a sheet whose columns are ``plain`` and ``translated``."""
    if text.startswith("$"):
        return Header(text, text)  # KoBoToolbox's own bookkeeping ($kuid, $autoname)
    match = _TRANSLATED.match(text)
    if match is None:
        if text in plain:
            return Header(text, text)
        if text in translated:
            wanted = ", ".join(header(text, lang) for lang in LANGUAGES)
            return Header(text, text, problem=f"give one column per language: {wanted}")
        return Header(text, text, problem=f"column {text} is not supported")
    field, code = match["field"], match["code"]
    if field not in translated:
        return Header(text, field, problem=f"column {text} is not supported")
    if code is None:
        return Header(text, field, problem=f"write the language code too, as {header(field, 'en')}")
    if code not in LANGUAGES:
        return Header(
            text, field, problem=f"language {code!r} is not one of {', '.join(LANGUAGES)}"
        )
    return Header(text, field, code)
