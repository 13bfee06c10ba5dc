"""Translations: Babel catalogs of every domain, picked by the resident's stored language.

Catalogs live in ``locales/<lang>/LC_MESSAGES/<domain>.po`` (shipped as the package
``feedback_bot.locales``). A compiled ``.mo`` is used when it is at least as new as its
``.po``; otherwise the ``.po`` is compiled in memory, so a checkout works without a
build step. Every domain of a language is merged into one lookup.

Placeholders are named (``%(station)s``) and filled only when variables are given.
"""

from __future__ import annotations

import gettext
import io
import threading
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path


@dataclass(frozen=True)
class Language:
    """One language the product speaks."""

    code: str  # stored on residents and users; the catalog folder under locales/
    native_name: str  # how a reader of that language names it (menus, the dashboard)
    babel_locale: str  # dates, lists and numbers (Babel has no "kmr": Kurmanji uses "ku")
    direction: str  # "rtl" or "ltr"


# The one language table: every other module reads it. Order is the language menu's order.
LANGUAGE_TABLE = (
    Language("ar", "العربية", "ar_IQ", "rtl"),
    Language("ckb", "کوردی سۆرانی", "ckb_IQ", "rtl"),
    Language("kmr", "Kurdî Kurmancî", "ku", "ltr"),
    Language("en", "English", "en_GB", "ltr"),
)
LANGUAGES = tuple(language.code for language in LANGUAGE_TABLE)
LANGUAGE_NAMES = {language.code: language.native_name for language in LANGUAGE_TABLE}
DEFAULT_LANGUAGE = "en"
_BY_CODE = {language.code: language for language in LANGUAGE_TABLE}

_lock = threading.Lock()


def N_(msgid: str) -> str:
    """Mark a string for extraction; it is translated later, in the resident's language."""
    return msgid


def NC_(context: str, msgid: str) -> str:
    """Mark a string with its ``msgctxt`` for extraction (translate it with ``translate_in``)."""
    return msgid


def locales_root() -> Path:
    """The catalogs folder of the installed package (wheels install it on the file system)."""
    return Path(str(files("feedback_bot.locales")))


def catalog_files(language: str) -> list[Path]:
    """The ``.po`` files of every domain for ``language``, sorted by domain name."""
    return sorted((locales_root() / language / "LC_MESSAGES").glob("*.po"))


def _mo_bytes(po: Path) -> bytes:
    """The compiled catalog: the ``.mo`` beside the ``.po`` when up to date, else compiled now."""
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo.read_bytes()
    # Only a checkout without compiled catalogs needs Babel's parser, at most once per file.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """All domains of ``language`` merged; unknown languages fall back to the source (English)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    with _lock:
        merged: gettext.NullTranslations | None = None
        for po in catalog_files(language):
            domain = gettext.GNUTranslations(io.BytesIO(_mo_bytes(po)))
            if merged is None:
                merged = domain
            else:
                merged.add_fallback(domain)
        return merged or gettext.NullTranslations()


def translate(language: str, msgid: str, **variables: object) -> str:
    """``msgid`` in ``language``, with ``%(name)s`` placeholders filled from ``variables``."""
    text = translations(language).gettext(msgid)
    return text % variables if variables else text


def translate_in(language: str, context: str, msgid: str, **variables: object) -> str:
    """Like :func:`translate` for a message with a ``msgctxt`` (e.g. an answer label)."""
    text = translations(language).pgettext(context, msgid)
    return text % variables if variables else text


def translate_plural(language: str, singular: str, plural: str, n: int, **variables: object) -> str:
    """The plural form for ``n`` from the catalog (Arabic has six); ``%(n)s`` is ``n``."""
    text = translations(language).ngettext(singular, plural, n)
    return text % {"n": n, **variables}


def language(code: str | None) -> Language:
    """The table row for ``code``; an unknown code reads as the default language."""
    return _BY_CODE.get(code or "", _BY_CODE[DEFAULT_LANGUAGE])


def text_direction(code: str | None) -> str:
    """``rtl`` or ``ltr``, for the HTML ``dir`` attribute."""
    return language(code).direction


def babel_locale(code: str | None) -> str:
    """The Babel locale that formats dates and lists for ``code``."""
    return language(code).babel_locale
