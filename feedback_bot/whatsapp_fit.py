"""Fit a numbered question into WhatsApp's tap-to-answer limits (pure: no I/O).

The numbered prompt stays the body, so a typed number always works; the taps are an
addition. A question becomes:

- quick-reply buttons (at most 3) when every option fits a button whole, or by the
  short form the caller gives (a station's place name for its official name);
- else a list picker (at most 10 items): an item title is the whole label, its short
  form, or the label cut at a word boundary with "…", and whenever the title is not
  the whole label the item's description carries the whole label, so a resident sees
  every option in full inside the list as well as in the body;
- else numbered text only, with the reason (for ``polls lint``).

Lengths are counted in UTF-16 code units, never fewer than characters: emoji and other
astral characters count twice, as the limits are most strictly read.

Limits (docs/whatsapp.md, with sources): button title 20, list item 24, description
72, list button 20, item id 200, interactive body 1,024.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

BUTTON_TITLE_MAX = 20
LIST_ITEM_MAX = 24
LIST_DESCRIPTION_MAX = 72
LIST_BUTTON_MAX = 20
ITEM_ID_MAX = 200
BODY_MAX = 1024
MAX_BUTTONS = 3
MAX_LIST_ITEMS = 10
ELLIPSIS = "…"

QUICK_REPLY = "quick-reply"
LIST_PICKER = "list-picker"
TEXT = "text"


@dataclass(frozen=True)
class Choice:
    code: int
    label: str  # the whole label, as numbered in the body
    short: str | None = None  # a shorter form that says the same (a place name)


@dataclass(frozen=True)
class Tap:
    """One button or list item: what the resident sees and the id Twilio posts back."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Layout:
    kind: str  # QUICK_REPLY | LIST_PICKER | TEXT
    body: str
    taps: tuple[Tap, ...] = ()
    button: str | None = None  # the list picker's opening button
    reason: str | None = None  # why numbered text only (TEXT)

    @property
    def interactive(self) -> bool:
        return self.kind != TEXT


def width(text: str) -> int:
    """Length as WhatsApp's limits count it, at its strictest (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _clean(text: str) -> str:
    return " ".join(text.split())


def _trim(text: str) -> str:
    """``text`` without the white space and punctuation a cut leaves at its end.

    Closing brackets and quotes stay (they close something kept); a comma, "،", a
    full stop, a dash or an opening bracket goes.
    """
    text = text.rstrip()
    while text and unicodedata.category(text[-1]) in ("Po", "Pd", "Ps", "Pi", "Pc"):
        text = text[:-1].rstrip()
    return text


def shorten(label: str, limit: int) -> str | None:
    """``label`` cut after a whole word, with "…", within ``limit``; None if no word fits.

    Words are separated by white space in all four languages (Arabic and Sorani
    included; a zero-width non-joiner stays inside its word).
    """
    label = _clean(label)
    if width(label) <= limit:
        return label
    kept = ""
    for word in label.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if width(_trim(candidate)) + width(ELLIPSIS) > limit:
            break
        kept = candidate
    kept = _trim(kept)
    return f"{kept}{ELLIPSIS}" if kept else None


def tap_id(question_id: str | None, code: int) -> str:
    """What a tap posts back: ``<question_id>:<code>``, or ``<code>`` for menus read without one."""
    return f"{question_id}:{code}" if question_id else str(code)


def _duplicate(titles: Sequence[str]) -> tuple[int, int] | None:
    seen: dict[str, int] = {}
    for index, title in enumerate(titles):
        key = title.casefold()
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


def _buttons(choices: Sequence[Choice], ids: Sequence[str]) -> tuple[Tap, ...] | None:
    labels = [_clean(c.label) for c in choices]
    if all(width(label) <= BUTTON_TITLE_MAX for label in labels):
        titles = labels
    elif all(c.short and width(_clean(c.short)) <= BUTTON_TITLE_MAX for c in choices):
        titles = [_clean(c.short or "") for c in choices]
    else:
        return None
    if _duplicate(titles):
        return None
    return tuple(Tap(id=i, title=t) for i, t in zip(ids, titles, strict=True))


def _list_title(choice: Choice, use_short: bool) -> str | None:
    label = _clean(choice.label)
    short = _clean(choice.short) if choice.short else None
    if use_short and short and width(short) <= LIST_ITEM_MAX:
        return short
    if width(label) <= LIST_ITEM_MAX:
        return label
    if short and width(short) <= LIST_ITEM_MAX:
        return short
    return shorten(label, LIST_ITEM_MAX)


def _text(body: str, reason: str) -> Layout:
    return Layout(kind=TEXT, body=body, reason=reason)


def fit(
    body: str,
    choices: Sequence[Choice],
    *,
    list_button: str,
    question_id: str | None = None,
) -> Layout:
    """How this numbered question goes on WhatsApp: buttons, a list, or numbered text.

    ``body`` is the whole numbered prompt (as SMS gets it); ``list_button`` the
    translated label of the button that opens a list; ``question_id`` what the
    engine reads taps against (None for the language and station menus).
    """
    if not choices:
        return _text(body, "no options to tap")
    if len(choices) > MAX_LIST_ITEMS:
        return _text(body, f"{len(choices)} options; a list holds at most {MAX_LIST_ITEMS}")
    if width(body) > BODY_MAX:
        return _text(body, f"the question is {width(body)} characters; at most {BODY_MAX}")
    ids = [tap_id(question_id, c.code) for c in choices]
    if len(set(ids)) != len(ids):
        return _text(body, "two options have the same code")
    if any(width(i) > ITEM_ID_MAX for i in ids):
        return _text(body, f"a tap id is over {ITEM_ID_MAX} characters")
    if any(not _clean(c.label) for c in choices):
        return _text(body, "an option has no label")

    if len(choices) <= MAX_BUTTONS:
        buttons = _buttons(choices, ids)
        if buttons is not None:
            return Layout(kind=QUICK_REPLY, body=body, taps=buttons)

    button = _clean(list_button)
    if not button or width(button) > LIST_BUTTON_MAX:
        return _text(body, f"the list button {button!r} is not 1 to {LIST_BUTTON_MAX} characters")
    use_short = any(width(_clean(c.label)) > LIST_ITEM_MAX for c in choices) and all(
        c.short and width(_clean(c.short)) <= LIST_ITEM_MAX for c in choices
    )
    items = []
    for choice, item_id in zip(choices, ids, strict=True):
        label = _clean(choice.label)
        title = _list_title(choice, use_short)
        if title is None:
            return _text(
                body, f"option {choice.code}: no word of it fits {LIST_ITEM_MAX} characters"
            )
        description = None if title == label else label
        if description is not None and width(description) > LIST_DESCRIPTION_MAX:
            return _text(
                body,
                f"option {choice.code} is {width(description)} characters; "
                f"a list shows at most {LIST_DESCRIPTION_MAX}",
            )
        items.append(Tap(id=item_id, title=title, description=description))
    clash = _duplicate([item.title for item in items])
    if clash:
        first, second = (choices[i].code for i in clash)
        return _text(body, f"options {first} and {second} would look alike in a list")
    return Layout(kind=LIST_PICKER, body=body, taps=tuple(items), button=button)
