"""``polls lint``: every prompt as sent, in every language, measured in SMS segments.

Prompts are rendered by the same functions the conversation uses, with the longest
station name and a long date, so what passes here fits on a resident's phone. Polls are
linted in their current version, the one every new response is asked; an earlier version
is kept only for the answers given in it (codebook, exports).
Every question with options is also fitted into WhatsApp's tap-to-answer limits
(``whatsapp_fit``): one that could only go as numbered text is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.messages.pofile import read_po

from feedback_bot.conversation import prompts
from feedback_bot.conversation.context import OpenDayView, StationView
from feedback_bot.i18n import LANGUAGES, catalog_files, translate_in
from feedback_bot.polls import Question, current_polls, option_label
from feedback_bot.sms import MAX_SEGMENTS, SmsSize, measure
from feedback_bot.whatsapp_fit import TEXT, Choice, Layout, fit

# A Wednesday in September: the longest weekday and month names in these languages.
SAMPLE_DATE = dt.datetime(2026, 9, 30, 7, 0, tzinfo=dt.UTC)
SAMPLE_CODE = "K7MX2Q"
# The public URL the links in texts are measured with when PUBLIC_BASE_URL is not set.
SAMPLE_SITE = "https://bot.example.org"


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


def rendered_prompts(
    language: str, stations: list[StationView], site_url: str = SAMPLE_SITE
) -> list[tuple[str, str]]:
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
        ("consent notice", prompts.consent_notice(language, site_url)),
        ("consent", prompts.consent(language)),
        ("privacy", prompts.privacy(language, site_url)),
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
        ("erase confirmation", prompts.erase_confirmation(language)),
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
        "erased": prompts.ERASED,
        "erase kept": prompts.ERASE_KEPT,
    }
    out += [(key, prompts.say(language, msgid, station=name)) for key, msgid in simple.items()]
    for poll in current_polls():
        for item in poll.questions:
            label = f"{poll.id} v{poll.version} {item.id}"
            out.append((label, prompts.question(language, item, name)))
    return out


def measure_all(stations: list[StationView], site_url: str | None = None) -> list[PromptSize]:
    menu = prompts.language_menu()
    sizes = [PromptSize("*", "language menu", menu, measure(menu))]
    for language in LANGUAGES:
        for name, text in rendered_prompts(language, stations, site_url or SAMPLE_SITE):
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


LIST_BUTTON = ("whatsapp_list_button", "Choose")


@dataclass(frozen=True)
class WhatsappFit:
    language: str
    name: str
    layout: Layout

    @property
    def text_only(self) -> bool:
        return self.layout.kind == TEXT


def list_button(language: str) -> str:
    return translate_in(language, *LIST_BUTTON)


def question_layout(language: str, item: Question, station_name: str) -> Layout:
    """A poll question as WhatsApp would get it in ``language``."""
    body = prompts.question(language, item, station_name)
    choices = [Choice(o.code, option_label(language, item, o)) for o in item.options]
    return fit(body, choices, list_button=list_button(language), question_id=item.id)


def _menus(language: str, station: StationView) -> list[tuple[str, str, tuple]]:
    """(question id, prompt, options) of the bot's own menus read with a question id."""
    day = OpenDayView(1, station.id, SAMPLE_DATE, SAMPLE_DATE)
    tz = "Asia/Baghdad"
    holder = prompts.holder(language, "registered", SAMPLE_CODE, station, day, tz)
    invitation = prompts.invitation(language, station.name(language))
    return [
        ("consent", prompts.consent(language), prompts.CONSENT_OPTIONS),
        ("gender", prompts.gender(language), prompts.GENDER_OPTIONS),
        ("age_band", prompts.age_band(language), prompts.AGE_OPTIONS),
        ("invitation", invitation, prompts.INVITATION_OPTIONS),
        ("open_day_holder", holder, prompts.HOLDER_OPTIONS),
        ("erase", prompts.erase_confirmation(language), prompts.ERASE_OPTIONS),
    ]


def fit_all(stations: list[StationView]) -> list[WhatsappFit]:
    """Every question with options, in every language, fitted for WhatsApp."""
    fits = []
    for language in LANGUAGES:
        station = _longest(stations, language)
        for question_id, body, spec in _menus(language, station):
            labels = prompts.options(language, spec)
            choices = [Choice(n, label) for n, label in enumerate(labels, 1)]
            layout = fit(body, choices, list_button=list_button(language), question_id=question_id)
            fits.append(WhatsappFit(language, question_id.replace("_", " "), layout))
        for poll in current_polls():
            for item in poll.questions:
                if item.type == "choice":
                    layout = question_layout(language, item, station.name(language))
                    name = f"{poll.id} v{poll.version} {item.id}"
                    fits.append(WhatsappFit(language, name, layout))
    return fits
