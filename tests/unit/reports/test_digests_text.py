import pytest

from feedback_bot.services.scheduled import digests
from feedback_bot.services.scheduled.digests import compose_digest

LINK = "https://police-feedback.example.org/dashboard/stations/BGD-01?week=2026-11-01"


def shown(share):
    return {"n": 1234, "share": share, "ci_low": 0.995, "ci_high": 1.0, "suppressed": False}


HIDDEN = {"n": None, "share": None, "ci_low": None, "ci_high": None, "suppressed": True}
NAMES = ("trust", "safe", "respect", "would_report", "women_access")


def summary(cells, respondents=1234):
    return {
        "station": "BGD-01",
        "period_start": "2026-11-01T00:00:00+03:00",
        "counts": {"respondents": respondents},
        "indicators": dict(zip(NAMES, cells, strict=True)),
    }


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr", "en"])
def test_worst_case_digest_fits_three_segments_in_every_language(language):
    digest = compose_digest(summary([shown(1.0)] * 5), language=language, link=LINK)
    assert digests.sms_segments(digest.body) <= 3
    assert digest.body.endswith(LINK)
    assert "100%" in digest.body
    assert digest.template_variables["3"] == LINK
    assert "\n" not in "".join(digest.template_variables.values())


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("ar", "محجوب: الأمان والاحترام والإبلاغ ووصول النساء"),
        ("ckb", "شاردراوە: ئاسایش, ڕێز, سکاڵاکردن, دەستڕاگەیشتنی ئافرەتان"),
        ("kmr", "Veşartî: Ewlehî, Rêz, Dê ragihîne û Gihîştina jinan"),
        ("en", "Suppressed: Safe, Respect, Would report and Women's access"),
    ],
)
def test_suppressed_figures_say_so_in_the_commanders_language(language, line):
    digest = compose_digest(
        summary([shown(0.42), *[HIDDEN] * 4], respondents=12), language=language, link=LINK
    )
    assert line in digest.body.splitlines()
    assert "42%" in digest.body
    assert digests.sms_segments(digest.body) <= 3


def test_english_digest_keeps_intervals_when_they_fit():
    cell = {"n": 12, "share": 0.75, "ci_low": 0.4677, "ci_high": 0.9111, "suppressed": False}
    digest = compose_digest(
        summary([cell, *[HIDDEN] * 4], respondents=12), language="en", link=LINK
    )
    assert digest.body.splitlines() == [
        "BGD-01, week of 1/11: 12 respondents",
        "Trust 75% (47%-91%)",
        "Suppressed: Safe, Respect, Would report and Women's access",
        f"Dashboard: {LINK}",
    ]
    assert digests.sms_segments(digest.body) <= 3


def test_arabic_digest_drops_intervals_before_going_over():
    digest = compose_digest(summary([shown(0.5)] * 5), language="ar", link=LINK)
    assert "(" not in digest.body  # intervals left out: they did not fit in Arabic
    assert digest.body.count("50%") == 5
