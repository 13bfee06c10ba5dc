"""Keywords residents can send at any point, in every language, whatever their own language.

A keyword is the whole message, compared after ``normalise`` and ``compact``; each word
carries the language it is written in, so a localised first message picks the language.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback_bot.conversation.normalise import compact, normalise

OPT_OUT = "opt_out"
OPT_IN = "opt_in"
HELP = "help"
POLL = "poll"
OPEN_DAY = "open_day"
LANGUAGE = "language"
PRIVACY = "privacy"
ERASE = "erase"

# intent -> language -> words (as people type them; normalised when the table is built)
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    OPT_OUT: {
        "en": ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
               "OPT OUT"),
        "ar": ("توقف", "إيقاف", "أوقف", "الغاء الاشتراك"),
        "ckb": ("وەستان", "بوەستە", "ڕاگرتن"),
        "kmr": ("RAWESTE", "RAWESTÎNE", "BISEKINE", "BES"),
    },
    OPT_IN: {
        "en": ("START", "UNSTOP"),
        "ar": ("ابدأ", "اشتراك"),
        "ckb": ("دەستپێکردن", "دەستپێبکە"),
        "kmr": ("DESTPÊK", "DEST PÊ BIKE"),
    },
    HELP: {
        "en": ("HELP", "INFO"),
        "ar": ("مساعدة", "معلومات"),
        "ckb": ("یارمەتی", "زانیاری"),
        "kmr": ("ALÎKARÎ", "AGAHÎ"),
    },
    POLL: {
        "en": ("POLL", "SURVEY"),
        "ar": ("استبيان", "استطلاع"),
        "ckb": ("ڕاپرسی", "راپرسی"),
        "kmr": ("RAPIRSÎ", "ANKET"),
    },
    OPEN_DAY: {
        "en": ("OPENDAY", "OPEN DAY"),
        "ar": ("يوم مفتوح", "اليوم المفتوح"),
        "ckb": ("ڕۆژی کراوە", "روژی کراوە"),
        "kmr": ("ROJA VEKIRÎ", "ROJAVEKIRÎ"),
    },
    LANGUAGE: {
        "en": ("LANG", "LANGUAGE"),
        "ar": ("لغة", "اللغة"),
        "ckb": ("زمان",),
        "kmr": ("ZIMAN",),
    },
    PRIVACY: {
        "en": ("PRIVACY",),
        "ar": ("خصوصية", "الخصوصية"),
        "ckb": ("تایبەتمەندی", "تایبەتێتی"),
        "kmr": ("NEPENÎTÎ", "TAYBETÎ"),
    },
    ERASE: {
        "en": ("DELETE", "ERASE", "DELETE MY DATA", "ERASE MY DATA", "FORGET ME"),
        "ar": ("احذف", "امسح", "احذف بياناتي", "امسح بياناتي"),
        "ckb": ("سڕینەوە", "سرینەوە", "بیسڕەوە", "زانیارییەکانم بسڕەوە"),
        "kmr": ("JÊBIBE", "JÊ BIBE", "JÊBIRIN", "DANEYÊN MIN JÊ BIBE"),
    },
}  # fmt: skip

# Twilio answers these itself on SMS (and blocks further messages), so the bot does not.
TWILIO_SMS_OPT_OUT = frozenset(
    ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout")
)


@dataclass(frozen=True)
class Keyword:
    intent: str
    language: str
    word: str  # compacted form that matched


def _build() -> dict[str, Keyword]:
    table: dict[str, Keyword] = {}
    for intent, languages in WORDS.items():
        for language, words in languages.items():
            for word in words:
                key = compact(normalise(word))
                if key in table and table[key].intent != intent:
                    raise ValueError(f"keyword {word!r} means two things")
                table.setdefault(key, Keyword(intent, language, key))
    return table


_TABLE = _build()


def match(normalised: str) -> Keyword | None:
    """The keyword a normalised message is, or None."""
    return _TABLE.get(compact(normalised))


def first_word(intent: str, language: str) -> str:
    """The keyword to show a resident for ``intent``, in their language (its first word).

    Arabic-script messages quote it («توقف»): the catalogs put the marks around the
    placeholder, so a keyword never reads as part of the sentence.
    """
    return WORDS[intent][language][0]


# Yes and no as people write them (DOMAIN.md's list, to be checked with native speakers);
# they answer a yes/no menu (consent, a wave invitation) like "1" and "2".
YES_WORDS = ("yes", "ok", "نعم", "اي", "إي", "ايه", "بەڵێ", "ئا", "erê", "belê")
NO_WORDS = ("no", "لا", "نەخێر", "نا", "na", "nexêr")
_YES = frozenset(compact(normalise(w)) for w in YES_WORDS)
_NO = frozenset(compact(normalise(w)) for w in NO_WORDS)


def yes_or_no(normalised: str) -> bool | None:
    """True for a yes word, False for a no word, None otherwise."""
    key = compact(normalised)
    if key in _YES:
        return True
    return False if key in _NO else None
