"""A small wide table for the format writers: the real trust poll and its catalogs, plus a
select_multiple question, hostile text and phone numbers typed by residents."""

from __future__ import annotations

from feedback_bot.conversation import prompts
from feedback_bot.formats import Choice, Variable
from feedback_bot.i18n import LANGUAGES, translate, translate_in
from feedback_bot.polls import load_poll

PHONES = ("07701234567", "+964 770 123 4567", "٠٧٧٠١٢٣٤٥٦٧")
# Digits of the numbers above as they would sit in a file if one leaked.
PHONE_DIGITS = ("7701234567", "770 123 4567", "٧٧٠١٢٣٤٥٦٧")

# No poll ships a select_multiple question yet (XLSForm import brings them): one here.
HEARD_FROM = Variable(
    "heard_from",
    "select_multiple",
    {
        "ar": "أين سمعت عن هذا الاستطلاع؟",
        "ckb": "لە کوێ دەربارەی ئەم ڕاپرسییە بیستت؟",
        "kmr": "Te li ku derê li ser vê anketê bihîst?",
        "en": "Where did you hear about this poll?",
    },
    (
        Choice(1, {"ar": "ملصق", "ckb": "پۆستەر", "kmr": "poster", "en": "a poster"}),
        Choice(2, {"ar": "راديو", "ckb": "ڕادیۆ", "kmr": "radyo", "en": "the radio"}),
        Choice(3, {"ar": "صديق", "ckb": "هاوڕێ", "kmr": "heval", "en": "a friend"}),
    ),
)


def _texts(msgid: str) -> dict[str, str]:
    return {language: translate(language, msgid) for language in LANGUAGES}


def profile_variable(options: tuple[str, tuple[str, ...]]) -> Variable:
    name, labels = options
    choices = tuple(
        Choice(code, {lang: translate_in(lang, name, label) for lang in LANGUAGES})
        for code, label in enumerate(labels, start=1)
    )
    return Variable(name, "select_one", {"en": f"Resident's {name}"}, choices)


def trust_variables() -> list[Variable]:
    """The trust poll's questions as the export would describe them."""
    poll = load_poll("trust", 1)
    variables = []
    for question in poll.questions:
        texts = {k: v.replace("%(station)s", "{station}") for k, v in _texts(question.text).items()}
        if question.type == "text":
            variables.append(Variable(question.id, "free_text", texts))
            continue
        choices = tuple(
            Choice(o.code, {lang: translate_in(lang, question.id, o.label) for lang in LANGUAGES})
            for o in question.options
        )
        variables.append(Variable(question.id, "select_one", texts, choices))
    return variables


def id_variables() -> list[Variable]:
    return [
        Variable("response_id", "number", {"en": "Number of the response."}),
        Variable("respondent_id", "text", {"en": "Pseudonym of the resident."}),
        Variable("station_code", "text", {"en": "Model Police Station."}),
        Variable("language", "text", {"en": "Language the resident answered in."}),
        profile_variable(prompts.GENDER_OPTIONS),
        profile_variable(prompts.AGE_OPTIONS),
        Variable("started_at", "datetime", {"en": "When the response started (UTC)."}),
        Variable("completed_at", "datetime", {"en": "When the response was completed (UTC)."}),
        Variable("status", "text", {"en": "Response status."}),
    ]


def variables() -> list[Variable]:
    return [*id_variables(), *trust_variables(), HEARD_FROM]


RESPONDENTS = ("a3f9c0d1e2b4a5c6d7e8f9a0", "b7c6d5e4f3a2b1c0d9e8f7a6")
ARABIC_COMMENT = "الشرطة محترمة، اتصل بي على " + PHONES[0]
SORANI_COMMENT = "سوپاس بۆ پۆلیس " + PHONES[1]
KURMANJI_COMMENT = "Polîs baş in, ez gelek kêfxweş im " + PHONES[2]

# Columns: ids (9), trust_police, safe_after_dark, police_respect, report_crime,
# women_access, comment, heard_from.  "" = never asked, None = asked, not answered.
ROWS = [
    (1, RESPONDENTS[0], "BGD-01", "ar", 1, 3, "2026-03-01T09:00:00+00:00",
     "2026-03-01T09:04:30+00:00", "completed", 1, 2, 1, 1, 1, ARABIC_COMMENT, "1 3"),
    (2, RESPONDENTS[1], "=HYPERLINK(\"http://x\")", "kmr", 2, 2, "2026-03-02T10:00:00+00:00",
     "", "in_progress", 4, None, "", "", "", "", (2,)),
    (3, RESPONDENTS[0], "EBL-02", "ckb", 1, 3, "2026-05-01T08:30:00+00:00",
     "2026-05-01T08:33:00+00:00", "completed", 3, 5, 4, 2, 3, SORANI_COMMENT, None),
    (4, RESPONDENTS[1], "DHK-03", "kmr", "", "", "2026-05-02T11:00:00+00:00", "", "expired",
     "", "", "", "", "", KURMANJI_COMMENT, ""),
    (5, RESPONDENTS[1], "DHK-03", "en", 2, 4, "2026-05-03T12:00:00+00:00",
     "2026-05-03T12:05:00+00:00", "completed", 2, 1, 2, 3, 2, "-2+3 @me", [1, 2, 3]),
]  # fmt: skip
