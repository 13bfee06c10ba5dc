"""Questions fitted into WhatsApp's limits, in all four languages, with real station names."""

from __future__ import annotations

import csv
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_bot.conversation import prompts
from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import all_polls, load_poll, option_label, option_labels
from feedback_bot.whatsapp_fit import (
    BUTTON_TITLE_MAX,
    ELLIPSIS,
    LIST_DESCRIPTION_MAX,
    LIST_ITEM_MAX,
    LIST_PICKER,
    QUICK_REPLY,
    TEXT,
    Choice,
    Layout,
    fit,
    shorten,
    width,
)

STATIONS_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "stations" / "iraq_mps_24.csv"
CHOOSE = "Choose"


def read_stations() -> list[dict[str, str]]:
    with STATIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_within_limits(layout: Layout, choices: list[Choice]) -> None:
    """What WhatsApp would reject, and what would not say the option faithfully."""
    titles = [tap.title for tap in layout.taps]
    assert len({t.casefold() for t in titles}) == len(titles), titles
    assert len({tap.id for tap in layout.taps}) == len(layout.taps)
    for choice, tap in zip(choices, layout.taps, strict=True):
        label = " ".join(choice.label.split())
        if layout.kind == QUICK_REPLY:
            assert width(tap.title) <= BUTTON_TITLE_MAX
            assert tap.title in (label, " ".join((choice.short or "").split()))
            assert tap.description is None
        else:
            assert width(tap.title) <= LIST_ITEM_MAX
            if tap.title == label:
                assert tap.description is None
            else:
                # Shortened or its short form: the whole label is in the description.
                assert tap.description == label
                assert width(tap.description) <= LIST_DESCRIPTION_MAX
                if tap.title.endswith(ELLIPSIS):
                    kept = tap.title.removesuffix(ELLIPSIS)
                    assert label.startswith(kept)
                    assert label[len(kept)] == " " or not label[len(kept)].isalnum()


def poll_question_cases():
    for poll in all_polls():
        for question in poll.questions:
            if question.type == "choice":
                for language in LANGUAGES:
                    yield pytest.param(
                        poll,
                        question,
                        language,
                        id=f"{poll.id}-v{poll.version}-{question.id}-{language}",
                    )


@pytest.mark.parametrize(("poll", "question", "language"), list(poll_question_cases()))
def test_every_poll_question_goes_interactive_in_every_language(poll, question, language):
    body = prompts.question(language, question, "الكرخ")
    choices = [Choice(o.code, option_label(language, question, o)) for o in question.options]
    layout = fit(body, choices, list_button=CHOOSE, question_id=question.id)
    assert layout.kind in (QUICK_REPLY, LIST_PICKER), layout.reason
    assert layout.body == body  # the numbered options stay: a typed number works too
    assert [tap.id for tap in layout.taps] == [f"{question.id}:{c.code}" for c in choices]
    if len(choices) >= 4:
        assert layout.kind == LIST_PICKER
    assert_within_limits(layout, choices)


def test_three_short_options_are_buttons_and_four_or_more_a_list():
    women = load_poll("trust").question("women_access")
    labels = option_labels("ar", women)
    layout = fit("؟", [Choice(i, x) for i, x in enumerate(labels, 1)], list_button=CHOOSE)
    assert layout.kind == QUICK_REPLY
    assert [(t.id, t.title) for t in layout.taps] == [
        ("1", "نعم"),
        ("2", "لا"),
        ("3", "غير متأكد/ة"),
    ]
    trust = load_poll("trust").question("trust_police")
    labels = option_labels("en", trust)
    layout = fit("?", [Choice(i, x) for i, x in enumerate(labels, 1)], list_button=CHOOSE)
    assert layout.kind == LIST_PICKER and layout.button == CHOOSE
    assert [t.title for t in layout.taps] == labels


def test_a_long_english_label_is_cut_at_a_word_and_kept_whole_in_the_description():
    item = load_poll("trust").question("safe_after_dark")
    labels = option_labels("en", item)
    layout = fit("?", [Choice(i, x) for i, x in enumerate(labels, 1)], list_button=CHOOSE)
    assert layout.taps[4].title == "I never go out alone at…"
    assert layout.taps[4].description == "I never go out alone at night"
    assert layout.taps[0].description is None


def test_three_options_too_long_for_buttons_go_as_a_list_not_as_misleading_buttons():
    # "I trust the police…" on a button would not say "more" or "less": a list shows it all.
    item = load_poll("open_day").question("od_trust_change")
    labels = option_labels("en", item)
    layout = fit("?", [Choice(i, x) for i, x in enumerate(labels, 1)], list_button=CHOOSE)
    assert layout.kind == LIST_PICKER
    assert layout.taps[0].description == "I trust the police more than before"


@pytest.mark.parametrize("language", LANGUAGES)
def test_stations_of_a_governorate_are_listed_by_place_with_the_official_name_below(language):
    stations = read_stations()
    for governorate, group in groupby(stations, key=lambda s: s["governorate"]):
        group = list(group)
        choices = [
            Choice(n, s[f"name_{language}"], short=s[f"place_{language}"])
            for n, s in enumerate(group, 1)
        ]
        body = prompts.with_options("?", [c.label for c in choices])
        layout = fit(body, choices, list_button=CHOOSE)
        assert layout.interactive, (governorate, layout.reason)
        assert_within_limits(layout, choices)
        if layout.kind == LIST_PICKER:
            # One way for the whole list: every title is the place, not a mix of forms.
            assert [t.title for t in layout.taps] == [c.short for c in choices]


def test_official_names_alone_that_would_look_alike_in_a_list_go_as_numbered_text():
    # Sorani names all begin "بنکەی پۆلیسی نموونەیی": cut at 24 they would be identical.
    baghdad = [s for s in read_stations() if s["governorate"] == "Baghdad"]
    choices = [Choice(n, s["name_ckb"]) for n, s in enumerate(baghdad, 1)]
    layout = fit("?", choices, list_button=CHOOSE)
    assert layout.kind == TEXT and "look alike" in (layout.reason or "")
    assert layout.taps == () and layout.body == "?"


def test_english_official_names_alone_are_cut_and_kept_whole_below():
    baghdad = [s for s in read_stations() if s["governorate"] == "Baghdad"]
    choices = [Choice(n, s["name_en"]) for n, s in enumerate(baghdad, 1)]
    layout = fit("?", choices, list_button=CHOOSE)
    assert layout.kind == LIST_PICKER
    assert layout.taps[0].title == "Karkh Model Police…"
    assert layout.taps[0].description == "Karkh Model Police Station"
    assert_within_limits(layout, choices)


def test_what_cannot_be_tapped_is_numbered_text_with_a_reason():
    many = [Choice(n, f"option {n}") for n in range(1, 25)]
    assert fit("?", many, list_button=CHOOSE).reason == "24 options; a list holds at most 10"
    assert fit("?", [], list_button=CHOOSE).kind == TEXT
    long_body = "س" * 1025
    assert fit(long_body, many[:3], list_button=CHOOSE).kind == TEXT
    word = [
        Choice(1, "Supercalifragilisticexpialidocious"),
        Choice(2, "b"),
        Choice(3, "c"),
        Choice(4, "d"),
    ]
    assert "no word" in (fit("?", word, list_button=CHOOSE).reason or "")
    wordy = [Choice(n, "word " * 20) for n in range(1, 5)]
    assert "at most 72" in (fit("?", wordy, list_button=CHOOSE).reason or "")
    assert fit("?", many[:5], list_button="Choose one of the options").kind == TEXT


def test_widths_count_emoji_twice_and_shortening_drops_punctuation_at_the_cut():
    assert width("👍") == 2 and width("نعم") == 3
    assert shorten("yes, absolutely, without any doubt", 20) == "yes, absolutely…"
    assert shorten("نعم، بالتأكيد، بدون أي شك على الإطلاق", 20) == "نعم، بالتأكيد، بدون…"


SCRIPTS = st.sampled_from(
    [
        "abcdefghij êîûçş",  # Kurmanji Latin
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ،",  # Arabic
        "ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنوۆەهیێ\u200c",  # Sorani, with ZWNJ
        "😀👍 ",
    ]
)


@st.composite
def labels(draw):
    alphabet = draw(SCRIPTS)
    return draw(st.text(alphabet=alphabet + "  ", min_size=1, max_size=90)).strip() or "x"


@settings(max_examples=300, deadline=None)
@given(st.lists(labels(), min_size=1, max_size=12), st.lists(labels(), max_size=12))
def test_any_labels_in_any_script_stay_within_limits_or_go_as_text(labels_, shorts):
    choices = [
        Choice(n, label, short=shorts[n - 1] if n <= len(shorts) else None)
        for n, label in enumerate(labels_, 1)
    ]
    layout = fit("?", choices, list_button=CHOOSE, question_id="q")
    if layout.kind == TEXT:
        assert layout.reason and layout.taps == ()
    else:
        assert len(layout.taps) == len(choices)
        assert_within_limits(layout, choices)
