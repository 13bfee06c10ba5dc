"""`feedback-bot export codebook`: polls, questions, codes in every language, indicators."""

from __future__ import annotations

import csv
import io

from feedback_bot.conversation import prompts
from feedback_bot.i18n import LANGUAGES, translate_in
from feedback_bot.polls import all_polls, option_label, question_text
from feedback_bot.services.export.answers import LONG_COLUMNS, WIDE_ID_COLUMNS
from feedback_bot.stats import INDICATORS

COLUMNS = [
    "record",
    "poll_id",
    "poll_version",
    "variable",
    "code",
    "text_ar",
    "text_ckb",
    "text_kmr",
    "text_en",
    "definition",
]


def codebook(runner, tmp_path, *args) -> list[dict[str, str]]:
    out = tmp_path / "codebook.csv"
    result = runner.invoke(args=["export", "codebook", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in reader]


def test_every_question_and_answer_code_in_every_language(runner, tmp_path):
    rows = codebook(runner, tmp_path)
    questions = {
        (r["poll_id"], r["poll_version"], r["variable"]): r
        for r in rows
        if r["record"] == "question"
    }
    answers = {
        (r["poll_id"], r["poll_version"], r["variable"], r["code"]): r
        for r in rows
        if r["record"] == "answer"
    }
    expected_questions = expected_answers = 0
    for poll in all_polls():
        for question in poll.questions:
            expected_questions += 1
            row = questions[(poll.id, str(poll.version), question.id)]
            for language in LANGUAGES:
                shown = question_text(language, question).replace("%(station)s", "{station}")
                assert row[f"text_{language}"] == shown
            assert row["definition"] == (
                "free text" if question.type == "text" else "one answer code"
            )
            for option in question.options:
                expected_answers += 1
                row = answers[(poll.id, str(poll.version), question.id, str(option.code))]
                assert row["text_en"] == option.label
                for language in LANGUAGES:
                    assert row[f"text_{language}"] == option_label(language, question, option)
    assert len(questions) == expected_questions and len(answers) == expected_answers
    assert ("trust", "1", "trust_police", "1") in answers
    assert ("open_day", "1", "od_trust_change", "3") in answers
    trust = answers[("trust", "1", "trust_police", "1")]
    # The translations are real ones, not the English source repeated.
    assert trust["text_ar"] and trust["text_ar"] != trust["text_en"]
    assert questions[("trust", "1", "trust_police")]["text_en"] == (
        "How much do you trust the police at {station}?"
    )


def test_both_wordings_of_trust_are_in_the_codebook(runner, tmp_path):
    rows = codebook(runner, tmp_path)
    question = {
        r["poll_version"]: r
        for r in rows
        if (r["record"], r["poll_id"], r["variable"]) == ("question", "trust", "report_crime")
    }
    assert set(question) == {"1", "2"}
    assert question["1"]["text_en"] == question["2"]["text_en"]
    # Version 1's Arabic read as the police doing the reporting; version 2 is reviewed.
    assert question["1"]["text_ar"] == "لو كنت ضحية جريمة، ما احتمال أن تبلغ عنها شرطة {station}؟"
    assert question["2"]["text_ar"] == "لو تعرضت لجريمة، ما احتمال أن تبلغ {station} عنها؟"
    answer = {
        r["poll_version"]: r
        for r in rows
        if (r["record"], r["poll_id"], r["variable"], r["code"])
        == ("answer", "trust", "police_respect", "1")
    }
    assert answer["1"]["text_kmr"] == "pir caran" and answer["2"]["text_kmr"] == "bi piranî"
    assert answer["1"]["text_en"] == answer["2"]["text_en"] == "very often"


def test_profile_codes_indicators_and_columns_are_defined(runner, tmp_path):
    rows = codebook(runner, tmp_path)
    profile = {(r["variable"], r["code"]): r for r in rows if r["record"] == "profile"}
    assert [code for variable, code in profile if variable == "gender"] == list("123")
    assert [code for variable, code in profile if variable == "age_band"] == list("123456")
    assert profile[("gender", "1")]["text_en"] == "a woman"
    assert profile[("gender", "3")]["text_en"] == "prefer not to say"
    assert profile[("age_band", "5")]["text_en"] == "60 or older"
    # The labels the bot sends in each language.
    for variable, labels in (prompts.GENDER_OPTIONS, prompts.AGE_OPTIONS):
        for code, label in enumerate(labels, start=1):
            for language in LANGUAGES:
                expected = translate_in(language, variable, label)
                assert profile[(variable, str(code))][f"text_{language}"] == expected
    assert profile[("gender", "1")]["text_ar"] != "a woman"

    indicators = {r["variable"]: r for r in rows if r["record"] == "indicator"}
    assert list(indicators) == list(INDICATORS)
    for name, indicator in INDICATORS.items():
        assert indicators[name]["text_en"] == indicator.label_en
        assert indicator.rule_en in indicators[name]["definition"]
        assert indicator.question_id in indicators[name]["definition"]
    assert indicators["trust"]["poll_id"] == "trust"

    columns = [r["variable"] for r in rows if r["record"] == "column"]
    assert columns == list(dict.fromkeys([*LONG_COLUMNS, *WIDE_ID_COLUMNS]))
    assert all(r["definition"] for r in rows if r["record"] == "column")


def test_codebook_bom_and_standard_output(runner, tmp_path):
    out = tmp_path / "codebook.csv"
    assert runner.invoke(args=["export", "codebook", "--out", str(out), "--bom"]).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    result = runner.invoke(args=["export", "codebook", "--out", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == data.decode("utf-8-sig")
