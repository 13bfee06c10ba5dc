"""Normalisation of everything a resident types, before any matching.

``normalise`` is what menus and keywords see: digits folded to ASCII, Arabic
diacritics, tatweel and direction marks removed, letter variants folded, case
folded, outer whitespace and punctuation trimmed. ``compact`` also drops inner
spaces and punctuation, so "OPEN DAY", "open-day" and "openday" meet.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})

# Invisible marks residents' keyboards insert: direction marks and isolates, BOM,
# zero-width (non-)joiners, the Arabic letter mark.
_INVISIBLE = dict.fromkeys(
    [
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x061C,
        0xFEFF,
        0x2060,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
    None,
)
_TATWEEL = 0x0640
# Letters written interchangeably: alef forms, yeh forms (Arabic, Farsi, maksura),
# kaf forms (Arabic, keheh), teh marbuta and heh. Sorani's ە (U+06D5) stays apart.
_LETTERS = {
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ک"): "ك",
    ord("ة"): "ه",
}
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_digits(text: str) -> str:
    """Eastern Arabic (٠-٩) and Persian (۰-۹) digits to ASCII."""
    return text.translate(_DIGITS)


def _is_mark(char: str) -> bool:
    # Combining marks: Arabic harakat, shadda, sukun, superscript alef, Quranic
    # marks, and Latin accents after decomposition (Kurdî -> kurdi).
    return unicodedata.category(char) == "Mn" or ord(char) == _TATWEEL


def _is_trim(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PS"


def normalise(text: str | None) -> str:
    """The form every match is made on (see the module docstring)."""
    if not text:
        return ""
    text = fold_digits(text.translate(_INVISIBLE)).translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not _is_mark(c))
    text = unicodedata.normalize("NFC", text).translate(_LETTERS).casefold()
    start, end = 0, len(text)
    while start < end and _is_trim(text[start]):
        start += 1
    while end > start and _is_trim(text[end - 1]):
        end -= 1
    return _SPACE.sub(" ", text[start:end])


def compact(text: str) -> str:
    """A normalised text without inner spaces or punctuation, for keywords and codes."""
    return _NOT_WORD.sub("", text)


def menu_choice(normalised: str) -> int | None:
    """The number chosen, when the reply is only a number ("٣", " 3. "); else None."""
    if normalised.isascii() and normalised.isdigit() and len(normalised) <= 3:
        return int(normalised)
    return None


def button_choice(payload: str | None, question_id: str | None) -> int | None:
    """A WhatsApp quick-reply payload ``N`` or ``<question_id>:N`` as choice N.

    A payload naming another question (a tap on an old message) is not a choice here.
    """
    if not payload:
        return None
    name, sep, number = fold_digits(payload.strip()).rpartition(":")
    if sep and name.strip() != (question_id or ""):
        return None
    number = number.strip()
    return int(number) if number.isascii() and number.isdigit() else None
