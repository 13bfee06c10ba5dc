"""Normalisation of what residents type, table by table."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback_bot.conversation.keywords import match
from feedback_bot.conversation.normalise import (
    button_choice,
    compact,
    fold_digits,
    menu_choice,
    normalise,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Eastern Arabic
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Persian
        ("+٩٦٤ ٧٧٠", "+964 770"),
        ("abc", "abc"),
    ],
)
def test_digits_fold_to_ascii(typed, expected):
    assert fold_digits(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("  3  ", "3"),
        (" 3. ", "3"),
        ("(3)", "3"),
        ("3!", "3"),
        ("٣", "3"),
        ("۳", "3"),
        ("\t\n2\n", "2"),
        ("؟٢؟", "2"),
        ("«١»", "1"),
        ("yes   please", "yes please"),
    ],
)
def test_whitespace_and_punctuation_are_trimmed(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("\u200f3", "3"),  # right-to-left mark
        ("\u200e3\u200e", "3"),  # left-to-right mark
        ("\ufeffSTOP", "stop"),  # byte order mark
        ("\u061c١", "1"),  # Arabic letter mark
        ("\u2067٢\u2069", "2"),  # isolates
        ("تو\u200cقف", "توقف"),  # zero-width non-joiner
    ],
)
def test_direction_marks_and_bom_are_removed(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("مســـاعدة", "مساعده"),  # tatweel
        ("مُسَاعَدَة", "مساعده"),  # harakat
        ("شُكْرًا", "شكرا"),  # sukun, tanween
        ("إيقاف", "ايقاف"),  # alef with hamza below
        ("أوقف", "اوقف"),  # alef with hamza above
        ("آمن", "امن"),  # alef with madda
        ("ٱلله", "الله"),  # alef wasla
        ("على", "علي"),  # alef maksura
        ("کوردی", "كوردي"),  # keheh and Farsi yeh
        ("لغة", "لغه"),  # teh marbuta
    ],
)
def test_arabic_variants_fold(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("STOP", "stop"),
        ("Stop", "stop"),
        ("ALÎKARÎ", "alikari"),
        ("Kurdî Kurmancî", "kurdi kurmanci"),
        ("Raweste", "raweste"),
        ("İptal", "iptal"),
    ],
)
def test_case_and_latin_accents_fold(typed, expected):
    assert normalise(typed) == expected


def test_sorani_letters_that_differ_are_kept_apart():
    assert normalise("ە") != normalise("ه")
    assert normalise("ڕ") != normalise("ر")
    assert normalise("ڵ") != normalise("ل")


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("3", 3),
        ("٣", 3),
        (" 3. ", 3),
        ("۵", 5),
        ("10", 10),
        ("3ala", None),  # Arabizi: a digit inside a word is a letter
        ("7abibi", None),
        ("3 and 4", None),
        ("", None),
        ("three", None),
        ("-1", 1),  # a stray dash is punctuation
    ],
)
def test_a_menu_choice_is_a_number_alone(typed, choice):
    assert menu_choice(normalise(typed)) == choice


@pytest.mark.parametrize(
    ("payload", "question", "choice"),
    [
        ("2", "trust_police", 2),
        ("trust_police:2", "trust_police", 2),
        ("trust_police:٢", "trust_police", 2),
        ("safe_after_dark:2", "trust_police", None),  # a tap on an older message
        ("trust_police:x", "trust_police", None),
        ("", "trust_police", None),
        (None, "trust_police", None),
    ],
)
def test_whatsapp_button_payload_carries_the_choice(payload, question, choice):
    assert button_choice(payload, question) == choice


@pytest.mark.parametrize(
    ("typed", "intent", "language"),
    [
        ("STOP", "opt_out", "en"),
        ("stopall", "opt_out", "en"),
        ("Unsubscribe", "opt_out", "en"),
        ("cancel", "opt_out", "en"),
        ("END", "opt_out", "en"),
        ("quit", "opt_out", "en"),
        ("REVOKE", "opt_out", "en"),
        ("optout", "opt_out", "en"),
        ("توقف", "opt_out", "ar"),
        ("إيقاف", "opt_out", "ar"),
        ("ايقاف", "opt_out", "ar"),
        ("وەستان", "opt_out", "ckb"),
        ("raweste", "opt_out", "kmr"),
        ("START", "opt_in", "en"),
        ("unstop", "opt_in", "en"),
        ("ابدأ", "opt_in", "ar"),
        ("ابدا", "opt_in", "ar"),
        ("دەستپێکردن", "opt_in", "ckb"),
        ("destpêk", "opt_in", "kmr"),
        ("HELP", "help", "en"),
        ("info", "help", "en"),
        ("مساعدة", "help", "ar"),
        ("یارمەتی", "help", "ckb"),
        ("alîkarî", "help", "kmr"),
        ("POLL", "poll", "en"),
        ("استبيان", "poll", "ar"),
        ("ڕاپرسی", "poll", "ckb"),
        ("anket", "poll", "kmr"),
        ("OPENDAY", "open_day", "en"),
        ("Open Day", "open_day", "en"),
        ("open-day", "open_day", "en"),
        ("يوم مفتوح", "open_day", "ar"),
        ("ڕۆژی کراوە", "open_day", "ckb"),
        ("Roja Vekirî", "open_day", "kmr"),
        ("LANG", "language", "en"),
        ("language", "language", "en"),
        ("لغة", "language", "ar"),
        ("زمان", "language", "ckb"),
        ("ziman", "language", "kmr"),
        ("  \u200fمساعدة!  ", "help", "ar"),
    ],
)
def test_keywords_in_every_language(typed, intent, language):
    keyword = match(normalise(typed))
    assert keyword is not None, typed
    assert (keyword.intent, keyword.language) == (intent, language)


@pytest.mark.parametrize("typed", ["stop it please", "I want to stop", "3", "helper", "poll 2"])
def test_a_keyword_is_the_whole_message(typed):
    assert match(normalise(typed)) is None


@pytest.mark.parametrize("typed", ["BGD-01", "bgd01", "Bgd 01", "bgd_01", "BGD-٠١"])
def test_station_codes_compact_to_their_match_key(typed):
    assert compact(normalise(typed)) == "bgd01"


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.integers(min_value=0, max_value=999), st.sampled_from(["", " ", ".", "\u200f", "؟"]))
def test_any_number_written_alone_in_any_digits_is_that_choice(number, decoration):
    for digits in (str(number), str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))):
        assert menu_choice(normalise(f"{decoration}{digits}{decoration}")) == number


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1).filter(lambda t: not t.isdigit()))
def test_a_text_with_letters_is_never_a_choice(text):
    normalised = normalise(text)
    if any(c.isalpha() for c in normalised):
        assert menu_choice(normalised) is None
