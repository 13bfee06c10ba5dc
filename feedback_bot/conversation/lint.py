"""``polls lint``: every prompt as sent, in every language, measured in SMS segments.

Prompts are rendered by the same functions the conversation uses, with the longest
station name and a long date, so what passes here fits on a resident's phone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.messages.pofile import read_po

from feedback_bot.conversation import prompts
from feedback_bot.conversation.context import OpenDayView, StationView
from feedback_bot.i18n import LANGUAGES, catalog_files
from feedback_bot.polls import all_polls
from feedback_bot.sms import MAX_SEGMENTS, SmsSize, measure

# A Wednesday in September: the longest weekday and month names in these languages.
SAMPLE_DATE = dt.datetime(2026, 9, 30, 7, 0, tzinfo=dt.UTC)
SAMPLE_CODE = "K7MX2Q"


@dataclass(frozen=True)
class PromptSize:
    language: str
    name: str
    text: str
    size: SmsSize

    @property
    def too_long(self) -> bool:
        return self.size.segments > MAX_SEGMENTS


def _longest(stations: list[StationView], language: str) -> StationView:
    return max(stations, key=lambda s: len(s.name(language)))


def rendered_prompts(language: str, stations: list[StationView]) -> list[tuple[str, str]]:
    """(name, text) of every prompt the conversation can send in ``language``."""
    station = _longest(stations, language)
    name = station.name(language)
    days = [
        OpenDayView(i, station.id, SAMPLE_DATE + dt.timedelta(days=i), SAMPLE_DATE)
        for i in range(3)
    ]
    tz = "Asia/Baghdad"
    first = days[0]
    out = [
        ("consent", prompts.consent(language)),
        ("station menu", prompts.station_menu(language, stations)),
        ("gender", prompts.gender(language)),
        ("age band", prompts.age_band(language)),
        ("hint", prompts.hint_choice(language, 6)),
        ("thanks", prompts.thanks(language, station, first, tz)),
        ("open day list", prompts.open_day_list(language, station, days, tz)),
        ("holder", prompts.holder(language, "registered", SAMPLE_CODE, station, first, tz)),
        (
            "waitlist holder",
            prompts.holder(language, "waitlisted", SAMPLE_CODE, station, first, tz),
        ),
        ("invitation", prompts.invitation(language, name)),
    ]
    for status, position in (("registered", 0), ("waitlisted", 120)):
        text = prompts.registration_result(
            language, status, SAMPLE_CODE, position, station, first, tz
        )
        out.append((status, text))
    simple = {
        "declined": prompts.DECLINED,
        "minor": prompts.MINOR,
        "text hint": prompts.HINT_TEXT,
        "already answered": prompts.ALREADY_ANSWERED,
        "help": prompts.HELP,
        "opted out": prompts.OPTED_OUT,
        "opted in": prompts.OPTED_IN,
        "expired": prompts.EXPIRED,
        "station set": prompts.STATION_SET,
        "no open day": prompts.NO_OPEN_DAY,
        "kept": prompts.KEPT,
        "cancelled": prompts.CANCELLED,
        "open day closed": prompts.OPEN_DAY_CLOSED,
        "wave declined": prompts.DECLINED_WAVE,
    }
    out += [(key, prompts.say(language, msgid, station=name)) for key, msgid in simple.items()]
    for poll in all_polls():
        for item in poll.questions:
            label = f"{poll.id} v{poll.version} {item.id}"
            out.append((label, prompts.question(language, item, name)))
    return out


def measure_all(stations: list[StationView]) -> list[PromptSize]:
    menu = prompts.language_menu()
    sizes = [PromptSize("*", "language menu", menu, measure(menu))]
    for language in LANGUAGES:
        for name, text in rendered_prompts(language, stations):
            sizes.append(PromptSize(language, name, text, measure(text)))
    return sizes


def missing_translations() -> list[str]:
    """Every message of every domain that lacks a translation (or has a fuzzy one)."""
    by_domain: dict[str, dict[str, dict]] = {}
    for language in LANGUAGES:
        for po in catalog_files(language):
            with po.open("rb") as handle:
                catalog = read_po(handle)
            by_domain.setdefault(po.stem, {})[language] = {
                (m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id
            }
    problems = []
    for domain, languages in sorted(by_domain.items()):
        keys = set().union(*(set(messages) for messages in languages.values()))
        for language in LANGUAGES:
            messages = languages.get(language, {})
            for key in sorted(keys, key=str):
                message = messages.get(key)
                strings = [] if message is None else message.string
                strings = [strings] if isinstance(strings, str) else list(strings)
                if not strings or not all(s.strip() for s in strings) or message.fuzzy:
                    problems.append(f"{domain} [{language}] not translated: {key[1]!r}")
    return problems
