"""``feedback-bot polls lint`` in the suite: every prompt fits 2 SMS segments in every language."""

from __future__ import annotations

from feedback_bot.conversation import lint
from feedback_bot.db import utcnow
from feedback_bot.polls import Option, Poll, Question
from feedback_bot.services.demo import seed_demo
from feedback_bot.services.stations import upsert_stations
from feedback_bot.sms import measure


def test_every_prompt_fits_with_the_demo_stations(runner, runtime):
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])
    result = runner.invoke(args=["polls", "lint"])
    assert result.exit_code == 0, result.output
    assert "stations in the database" in result.output
    assert "ar    trust v2 trust_police" in result.output
    assert "kmr   open_day v1 od_trust_change" in result.output
    assert "All prompts fit in 2 SMS segments" in result.output


def test_an_empty_database_is_linted_with_the_demo_stations(runner):
    result = runner.invoke(args=["polls", "lint"])
    assert result.exit_code == 0, result.output
    assert "demo stations" in result.output


def test_a_station_name_too_long_for_sms_fails_the_lint(runner, runtime):
    long_name = "مركز الشرطة النموذجي في حي الجامعة الشمالي بمدينة الموصل"
    with runtime.transaction() as session:
        row = {"code": "BGD-09", "governorate": "Baghdad", "name_ar": long_name}
        row.update(name_ckb="کەڕادە", name_kmr="Kerade", name_en="Karrada")
        upsert_stations(session, [row])
    result = runner.invoke(args=["polls", "lint", "--verbose"])
    assert result.exit_code == 1
    assert "> 2 segments" in result.output
    assert long_name in result.output
    assert "longer than 2 SMS segments" in result.output


def test_segments_follow_gsm7_and_ucs2_rules():
    assert (measure("a" * 160).encoding, measure("a" * 160).segments) == ("GSM-7", 1)
    assert measure("a" * 161).segments == 2
    assert measure("a" * 306).segments == 2 and measure("a" * 307).segments == 3
    assert measure("{" * 80).segments == 1 and measure("{" * 81).segments == 2
    arabic = measure("ع" * 70)
    assert (arabic.encoding, arabic.segments) == ("UCS-2", 1)
    assert measure("ع" * 71).segments == 2 and measure("ع" * 134).segments == 2
    assert measure("ع" * 135).segments == 3
    assert measure("Kurdî").encoding == "UCS-2"
    assert measure("😀" * 35).units == 70


def test_a_missing_translation_fails_the_lint(runner, tmp_path, monkeypatch):
    for language in ("ar", "ckb", "kmr", "en"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        translated = "" if language == "kmr" else "x"
        (folder / "extra.po").write_text(
            f'msgid ""\nmsgstr "Language: {language}\\n"\n\nmsgid "Hello"\nmsgstr "{translated}"\n',
            encoding="utf-8",
        )
    monkeypatch.setattr(lint, "catalog_files", lambda lang: sorted(tmp_path.glob(f"{lang}/*/*.po")))
    result = runner.invoke(args=["polls", "lint"])
    assert result.exit_code == 1
    assert "extra [kmr] not translated: 'Hello'" in result.output
    assert "1 missing translation(s)" in result.output


def test_the_lint_fits_every_question_with_options_for_whatsapp(runner):
    result = runner.invoke(args=["polls", "lint"])
    assert result.exit_code == 0, result.output
    assert "WhatsApp taps (buttons <= 20, list items <= 24, descriptions <= 72" in result.output
    lines = result.output.splitlines()

    def line(language: str, name: str, kind: str) -> str:
        return next(x for x in lines if x.startswith(f"{language:<5} {name:<32} {kind}"))

    assert line("ar", "trust v2 women_access", "quick-reply")
    shortened = line("en", "trust v2 safe_after_dark", "list-picker")
    assert shortened.endswith("1 title(s) shortened, whole in the description")
    assert line("kmr", "age band", "list-picker")


def test_an_option_too_long_for_a_whatsapp_list_fails_the_lint(runner, monkeypatch):
    long_label = (
        "I would report it only if someone I trust came with me to the police station at night"
    )
    options = tuple(Option(n, label) for n, label in enumerate(("yes", "no", "maybe"), 1))
    question = Question(
        id="q_long", type="choice", text="Would you?", options=(*options, Option(4, long_label))
    )
    poll = Poll(id="extra", version=1, title="Extra", questions=(question,))
    monkeypatch.setattr(lint, "current_polls", lambda: [poll])
    result = runner.invoke(args=["polls", "lint"])
    assert result.exit_code == 1
    assert "extra v1 q_long" in result.output
    assert (
        f"numbered text only: option 4 is {len(long_label)} characters; a list shows at most 72"
    ) in result.output
    assert "4 question(s) that WhatsApp could only get as numbered text" in result.output
