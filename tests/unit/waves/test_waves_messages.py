"""Open Day messages fit two SMS segments in every language, with the longest allowed title."""

import pytest

from feedback_bot.i18n import LANGUAGES, translate, translate_in
from feedback_bot.services.demo import DEMO_STATIONS
from feedback_bot.services.open_days.admin import MAX_TITLE_LENGTH
from feedback_bot.services.open_days.messages import CANCELLED, DEFAULT_TITLE, PROMOTED, REMINDER

# Two concatenated segments: UCS-2 (Arabic script, Kurmanji's î/ê/ş) 2 x 67, GSM-7 2 x 153.
UCS2_LIMIT = 134
GSM_LIMIT = 306
LONG_TITLE = {"ar": "ي" * MAX_TITLE_LENGTH, "ckb": "ی" * MAX_TITLE_LENGTH}


def _fits(text: str) -> bool:
    return len(text) <= (GSM_LIMIT if text.isascii() else UCS2_LIMIT)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("msgid", [REMINDER, PROMOTED, CANCELLED])
def test_open_day_messages_fit_two_segments(language, msgid):
    station = max((s[f"name_{language}"] for s in DEMO_STATIONS), key=len)
    title = LONG_TITLE.get(language, "T" * MAX_TITLE_LENGTH)
    text = translate(
        language, msgid, title=title, station=station, when="05/12 10:00", code="ABC234"
    )
    assert station in text and "05/12 10:00" in text
    assert ("ABC234" in text) == ("%(code)s" in msgid)
    assert _fits(text), f"{language}: {len(text)} characters"


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_messages_are_translated_not_english(language):
    for msgid in (REMINDER, PROMOTED, CANCELLED):
        assert translate(language, msgid) != msgid
    assert translate_in(language, *DEFAULT_TITLE) != DEFAULT_TITLE[1]
