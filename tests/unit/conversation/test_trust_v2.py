"""trust version 2 as residents get it: every item with the 24 real station names, and who gets it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from feedback_bot.conversation import engine, prompts
from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import load_poll, option_labels
from feedback_bot.sms import MAX_SEGMENTS, measure
from tests.support.conversation_world import World

STATIONS_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "stations" / "iraq_mps_24.csv"
with STATIONS_CSV.open(encoding="utf-8", newline="") as _handle:
    STATIONS = list(csv.DictReader(_handle))
TRUST = load_poll("trust", 2)

# "Police station" as each language says it, and "police" put in front of a name that
# already says it (the version 1 defects: بشرطة مركز شرطة…, بە پۆلیسی بنکەی پۆلیسی…).
STATION_PHRASE = {
    "ar": re.compile(r"مركز\s+(ال)?شرطة|مراكز\s+(ال)?شرطة"),
    "ckb": re.compile(r"بنکە(ی|کانی)?\s+پۆلیس"),
    "kmr": re.compile(r"qereqol", re.IGNORECASE),
    "en": re.compile(r"police\s+station", re.IGNORECASE),
}
POLICE_BEFORE_NAME = {
    "ar": re.compile(r"شرطة\s+مركز"),
    "ckb": re.compile(r"پۆلیسی\s+بنکە"),
    "kmr": re.compile(r"(polîs\w*|qereqol\w*)\s+(ya\s+|a\s+)?Qereqol", re.IGNORECASE),
    "en": re.compile(r"police\s+station\s+\w+\s+Model Police Station", re.IGNORECASE),
}


def cases():
    for question in TRUST.questions:
        for language in LANGUAGES:
            yield pytest.param(question, language, id=f"{question.id}-{language}")


@pytest.mark.parametrize(("question", "language"), list(cases()))
def test_each_item_reads_right_and_fits_with_every_official_station_name(question, language):
    for station in STATIONS:
        name = station[f"name_{language}"]
        prompt = prompts.question(language, question, name)
        size = measure(prompt)
        assert size.segments <= MAX_SEGMENTS, (station["code"], size, prompt)
        if "%(station)s" in question.text:
            assert name in prompt
            assert len(STATION_PHRASE[language].findall(prompt)) == 1, prompt
        assert not POLICE_BEFORE_NAME[language].search(prompt), prompt


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_item_and_option_has_its_own_reviewed_wording(language):
    for question in TRUST.questions:
        text = prompts.question(language, question, "X")
        assert question.text % {"station": "X"} not in text, (language, question.id)
        labels = option_labels(language, question)
        assert len(set(labels)) == len(labels), (language, question.id, labels)


def test_the_version_1_defects_the_review_found_are_gone():
    item = TRUST.question
    # Arabic: the resident reports (not the police), and the safety item is a "how" question.
    report_ar = prompts.question("ar", item("report_crime"), "مركز شرطة الكرخ النموذجي")
    assert "عنها شرطة" not in report_ar
    assert prompts.question("ar", item("safe_after_dark"), "").startswith("ما مدى")
    # Sorani: safety is ئاسایش/ئەمن, not ئاسوودە (at ease), and it is about walking.
    safe_ckb = prompts.question("ckb", item("safe_after_dark"), "")
    assert "ئاسوودە" not in safe_ckb and "بڕۆیت" in safe_ckb
    # Kurmanji: likelihood of reporting, not how much one tells.
    report_kmr = prompts.question("kmr", item("report_crime"), "Qereqola Modelê ya Kerxê")
    assert "îhtîmal" in report_kmr and "ragihînî" in report_kmr and "dibêjî" not in report_kmr
    # Kurmanji respect scale: "bi piranî" (mostly) and "gelek caran" (often), no longer two
    # words for "many" ("pir caran", "gelek caran").
    respect = option_labels("kmr", item("police_respect"))
    assert respect[:2] == ["bi piranî", "gelek caran"]


def test_new_residents_get_version_2():
    world = World(language="en", consented=True, station_id=2, profile_known=True)
    world.send("POLL")
    assert world.responses[0]["poll_version"] == 2


def test_a_later_wave_of_a_version_1_respondent_is_asked_version_2():
    world = World(language="kmr", consented=True, station_id=1, profile_known=True)
    world.resident = world.resident.__class__(
        language="kmr", consented=True, station_id=1, profile_known=True, trust_completed=True
    )
    world.apply(engine.open_invitation(world.state, world.context(), followup_id=7, wave=2))
    [question] = world.send("1")
    response = world.responses[-1]
    assert (response["poll_id"], response["poll_version"], response["wave"]) == ("trust", 2, 2)
    assert question.startswith("Tu çiqas ji polîsên li Remadî bawer dikî?")


def test_a_response_started_in_version_1_is_finished_in_version_1():
    world = World(language="ar", consented=True, station_id=1, profile_known=True)
    world.send("POLL")
    world.state["poll"]["version"] = 1  # begun before version 2 shipped
    world.responses[0]["poll_version"] = 1
    [question] = world.send("1")
    assert question.startswith("هل تشعر بالأمان")  # version 1's wording of the next item
