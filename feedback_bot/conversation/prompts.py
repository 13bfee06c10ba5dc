"""Every text the bot sends in a conversation, built from the catalogs in one language.

A prompt is its question and its numbered options in one message; keywords named in
a text come from the keyword table, so what we tell residents to send always works.
Arabic and Sorani texts quote a keyword («%(stop)s») so it cannot be read as part of the
sentence; Latin-script texts show it in capitals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from feedback_bot.conversation import keywords
from feedback_bot.conversation.context import OpenDayView, StationView
from feedback_bot.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    NC_,
    babel_locale,
    translate,
    translate_in,
)
from feedback_bot.polls import Question, option_labels, question_text

DATE_PATTERN = "EEEE d MMMM HH:mm"

# Verify with the programme: the police emergency number the notices give (Iraq: 104).
EMERGENCY_NUMBER = "104"

CHOOSE_LANGUAGE = N_("Choose a language")
# Consent comes in two messages: what the poll is about with the privacy notice's link,
# then the consent itself (DESIGN: who asks, voluntary, confidential and reported only as
# totals, adults, how to stop), each within 2 SMS segments.
CONSENT_NOTICE = N_(
    "A poll about safety and the police. This is not an emergency line: in an emergency "
    "call %(emergency)s. Privacy notice: %(link)s"
)
CONSENT = N_(
    "The Model Police Stations programme asks adults (18+). Taking part is voluntary. "
    "Answers are confidential and reported only as totals. Send %(stop)s to stop at any time."
)
PRIVACY = N_(
    "Your answers are confidential: stations see only totals. This is not an emergency "
    "line: in an emergency call %(emergency)s. Full notice: %(link)s"
)
CONSENT_OPTIONS = ("consent", (NC_("consent", "I agree"), NC_("consent", "No")))
DECLINED = N_("Thank you. Nothing about you has been kept. Goodbye.")
MINOR = N_("Thank you. This poll is for adults only, so nothing about you was kept. Goodbye.")
WHICH_STATION = N_("Which police station is nearest to you?")
GENDER = N_("Are you:")
GENDER_OPTIONS = (
    "gender",
    (NC_("gender", "a woman"), NC_("gender", "a man"), NC_("gender", "prefer not to say")),
)
AGE = N_("How old are you?")
AGE_OPTIONS = (
    "age_band",
    (
        NC_("age_band", "under 18"),
        NC_("age_band", "18-29"),
        NC_("age_band", "30-44"),
        NC_("age_band", "45-59"),
        NC_("age_band", "60 or older"),
        NC_("age_band", "prefer not to say"),
    ),
)
HINT_CHOICE = N_("Please reply with one number from 1 to %(max)s.")
HINT_TEXT = N_("Please type your answer, or 0 to skip.")
THANKS = N_("Thank you for your answers!")
THANKS_OPEN_DAY = N_(
    "Thank you for your answers! Next Open Day at %(station)s: %(date)s. "
    "Send %(openday)s to register."
)
ALREADY_ANSWERED = N_(
    "You have already answered, thank you! We will ask again in a few weeks. "
    "Send %(openday)s for Open Days."
)
HELP = N_(
    "Send %(poll)s for the poll, %(openday)s for Open Days, %(lang)s to change language, "
    "%(privacy)s for privacy, %(stop)s to stop."
)
OPTED_OUT = N_("You will get no more messages. Send %(start)s to come back.")
OPTED_IN = N_("Welcome back! You will get our messages again.")
EXPIRED = N_("Your earlier poll was closed after a day without a reply.")
STATION_SET = N_("Your police station is now %(station)s.")
NO_OPEN_DAY = N_("No Open Day is planned at %(station)s yet. We will tell you when there is one.")
OPEN_DAY_LIST = N_("Open Days at %(station)s. Reply with a number to register:")
REGISTERED = N_("You are registered for the Open Day at %(station)s, %(date)s. Your code: %(code)s")
WAITLISTED = N_(
    "The Open Day at %(station)s, %(date)s is full. You are number %(n)s on the waitlist; "
    "we will tell you if a place frees up."
)
HOLDER_REGISTERED = N_(
    "You are registered for the Open Day at %(station)s, %(date)s (code %(code)s)."
)
HOLDER_WAITLISTED = N_(
    "You are on the waitlist for the Open Day at %(station)s, %(date)s (code %(code)s)."
)
HOLDER_OPTIONS = (
    "open_day_holder",
    (NC_("open_day_holder", "keep"), NC_("open_day_holder", "cancel")),
)
KEPT = N_("Your place is kept. See you there!")
CANCELLED = N_("Your registration is cancelled.")
OPEN_DAY_CLOSED = N_("Sorry, this Open Day no longer takes registrations.")
INVITATION = N_("Hello again from %(station)s! Would you answer our short poll again?")
INVITATION_OPTIONS = ("invitation", (NC_("invitation", "yes"), NC_("invitation", "not now")))
DECLINED_WAVE = N_("No problem. Thank you!")
ERASE_CONFIRM = N_(
    "Erase all we hold about you (answers, Open Day places, your number)? This cannot be undone."
)
ERASE_OPTIONS = ("erase", (NC_("erase", "erase everything"), NC_("erase", "keep")))
ERASED = N_("Everything we held about you has been erased. Thank you, goodbye.")
ERASE_KEPT = N_("Nothing was erased.")


def numbered(lines: Sequence[str]) -> str:
    return "\n".join(f"{number} {line}" for number, line in enumerate(lines, start=1))


def with_options(text: str, labels: Sequence[str]) -> str:
    return f"{text}\n{numbered(labels)}"


def options(language: str, spec: tuple[str, tuple[str, ...]]) -> list[str]:
    context, labels = spec
    return [translate_in(language, context, label) for label in labels]


def keyword_names(language: str) -> dict[str, str]:
    return {
        "stop": keywords.first_word(keywords.OPT_OUT, language),
        "start": keywords.first_word(keywords.OPT_IN, language),
        "poll": keywords.first_word(keywords.POLL, language),
        "openday": keywords.first_word(keywords.OPEN_DAY, language),
        "lang": keywords.first_word(keywords.LANGUAGE, language),
        "privacy": keywords.first_word(keywords.PRIVACY, language),
    }


def say(language: str, msgid: str, **variables: object) -> str:
    """A text of this module in ``language``; keyword placeholders are filled automatically."""
    names = {k: v for k, v in keyword_names(language).items() if f"%({k})s" in msgid}
    return translate(language, msgid, **names, **variables)


def site_link(site_url: str, path: str = "") -> str:
    """A link to one of our pages as a text shows it: without ``https://`` (phones link it
    anyway, and it costs 8 characters of an SMS); relative when no public URL is set."""
    return f"{(site_url or '').rstrip('/').removeprefix('https://')}{path}" or "/"


def privacy_link(language: str, site_url: str) -> str:
    return site_link(site_url, f"/privacy?lang={language}")


def consent_notice(language: str, site_url: str) -> str:
    """What the poll is about, that this is no emergency line, and the privacy notice's link."""
    link = privacy_link(language, site_url)
    return translate(language, CONSENT_NOTICE, emergency=EMERGENCY_NUMBER, link=link)


def privacy(language: str, site_url: str) -> str:
    """The short privacy notice (the privacy keyword's answer) with the full notice's link."""
    return translate(
        language, PRIVACY, emergency=EMERGENCY_NUMBER, link=privacy_link(language, site_url)
    )


def language_menu() -> str:
    header = " / ".join(translate(language, CHOOSE_LANGUAGE) for language in LANGUAGES)
    return with_options(header, [LANGUAGE_NAMES[language] for language in LANGUAGES])


def consent(language: str) -> str:
    return with_options(say(language, CONSENT), options(language, CONSENT_OPTIONS))


def station_menu(language: str, stations: Sequence[StationView]) -> str:
    names = [station.name(language) for station in stations]
    return with_options(translate(language, WHICH_STATION), names)


def gender(language: str) -> str:
    return with_options(translate(language, GENDER), options(language, GENDER_OPTIONS))


def age_band(language: str) -> str:
    return with_options(translate(language, AGE), options(language, AGE_OPTIONS))


def question(language: str, item: Question, station_name: str) -> str:
    text = question_text(language, item, station=station_name)
    if item.type != "choice":
        return text
    return with_options(text, option_labels(language, item))


def hint_choice(language: str, count: int) -> str:
    return translate(language, HINT_CHOICE, max=count)


def local_date(language: str, moment: dt.datetime, timezone: str) -> str:
    """A date and time in the station's time zone, with day and month names in the language."""
    locale = babel_locale(language)
    return format_datetime(moment, DATE_PATTERN, tzinfo=ZoneInfo(timezone), locale=locale)


def thanks(
    language: str, station: StationView | None, next_open_day: OpenDayView | None, timezone: str
) -> str:
    if station is None or next_open_day is None:
        return translate(language, THANKS)
    date = local_date(language, next_open_day.starts_at, timezone)
    return say(language, THANKS_OPEN_DAY, station=station.name(language), date=date)


def open_day_list(
    language: str, station: StationView, days: Sequence[OpenDayView], timezone: str
) -> str:
    dates = [local_date(language, day.starts_at, timezone) for day in days]
    return with_options(translate(language, OPEN_DAY_LIST, station=station.name(language)), dates)


def holder(
    language: str, status: str, code: str, station: StationView, day: OpenDayView, timezone: str
) -> str:
    msgid = HOLDER_WAITLISTED if status == "waitlisted" else HOLDER_REGISTERED
    date = local_date(language, day.starts_at, timezone)
    text = translate(language, msgid, station=station.name(language), date=date, code=code)
    return with_options(text, options(language, HOLDER_OPTIONS))


def registration_result(
    language: str,
    status: str,
    code: str,
    position: int,
    station: StationView,
    day: OpenDayView,
    timezone: str,
) -> str:
    """What a resident is told after choosing an Open Day: the code, or the waitlist place."""
    date = local_date(language, day.starts_at, timezone)
    name = station.name(language)
    if status == "waitlisted":
        return translate(language, WAITLISTED, station=name, date=date, n=position)
    return translate(language, REGISTERED, station=name, date=date, code=code)


def erase_confirmation(language: str) -> str:
    return with_options(translate(language, ERASE_CONFIRM), options(language, ERASE_OPTIONS))


def invitation(language: str, station_name: str) -> str:
    text = translate(language, INVITATION, station=station_name)
    return with_options(text, options(language, INVITATION_OPTIONS))
