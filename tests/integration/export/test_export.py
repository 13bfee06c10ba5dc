"""`feedback-bot export answers`: columns, formats, filters, errors, privacy, formula safety."""

from __future__ import annotations

import datetime as dt

import pytest

from feedback_bot.phones import national_form
from feedback_bot.services.export.answers import LONG_COLUMNS, WIDE_ID_COLUMNS
from tests.support.export import (
    HOSTILE,
    T0,
    TRUST_QUESTIONS,
    UTC,
    add_resident,
    add_response,
    add_station,
    assert_no_phone_numbers,
    export,
    full_trust,
    new_phone,
    read_csv,
)


def test_long_export_has_the_contract_columns_and_one_row_per_answer(runner, runtime, tmp_path):
    with runtime.transaction() as session:
        station = add_station(session)
        resident = add_resident(session, runtime.vault, station, gender=1, age_band=3)
        # Answers stored out of question order still come out in poll order.
        answers = full_trust("شكراً للشرطة")
        scrambled = {k: answers[k] for k in reversed(list(answers))}
        response = add_response(session, resident, station, scrambled)
        respondent = resident.respondent_id
    text, _ = export(runner, tmp_path)
    rows = read_csv(text)
    assert rows[0] == list(LONG_COLUMNS)
    assert [r[11] for r in rows[1:]] == list(TRUST_QUESTIONS)
    first = dict(zip(LONG_COLUMNS, rows[1], strict=True))
    assert first == {
        "response_id": str(response.id),
        "respondent_id": respondent,
        "wave": "1",
        "poll_id": "trust",
        "poll_version": "1",
        "station_code": "BGD-01",
        "governorate": "Baghdad",
        "channel": "whatsapp",
        "language": "ar",
        "gender": "1",
        "age_band": "3",
        "question_id": "trust_police",
        "answer_code": "2",
        "answer_label_en": "quite a lot",
        "answer_text": "",
        "started_at": "2026-03-10T09:00:00+00:00",
        "answered_at": "2026-03-10T09:06:00+00:00",
        "completed_at": "2026-03-10T09:05:00+00:00",
        "status": "answered",
    }
    comment = dict(zip(LONG_COLUMNS, rows[-1], strict=True))
    assert comment["answer_text"] == "شكراً للشرطة" and comment["answer_code"] == ""
    safe = dict(zip(LONG_COLUMNS, rows[2], strict=True))
    assert safe["answer_label_en"] == "I never go out alone at night"


def test_wide_export_has_one_row_per_response_and_a_column_per_question(runner, runtime, tmp_path):
    with runtime.transaction() as session:
        station = add_station(session)
        alice = add_resident(session, runtime.vault, station, gender=1, age_band=2)
        bob = add_resident(session, runtime.vault, station, gender=2, age_band=5)
        first = add_response(session, alice, station, full_trust("Good work"))
        partial = {"trust_police": 4, "safe_after_dark": ("unanswered", None)}
        second = add_response(session, bob, station, partial, status="in_progress")
        empty = add_response(session, bob, station, {}, status="abandoned", wave=2)
        open_day = add_response(
            session, alice, station, {"od_useful": 1, "od_trust_change": 2}, poll_id="open_day"
        )
    text, result = export(runner, tmp_path, "--format", "wide")
    rows = read_csv(text)
    assert rows[0] == [*WIDE_ID_COLUMNS, *TRUST_QUESTIONS, "od_useful", "od_trust_change"]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_id) == [str(first.id), str(second.id), str(empty.id), str(open_day.id)]
    assert by_id[str(first.id)]["comment"] == "Good work"
    assert by_id[str(first.id)]["safe_after_dark"] == "5"
    assert by_id[str(first.id)]["status"] == "completed"
    assert by_id[str(first.id)]["od_useful"] == ""
    assert by_id[str(second.id)]["trust_police"] == "4"
    assert by_id[str(second.id)]["safe_after_dark"] == ""
    assert by_id[str(second.id)]["completed_at"] == ""
    assert by_id[str(second.id)]["status"] == "in_progress"
    assert by_id[str(second.id)]["gender"] == "2" and by_id[str(second.id)]["age_band"] == "5"
    assert by_id[str(empty.id)]["wave"] == "2" and by_id[str(empty.id)]["status"] == "abandoned"
    assert by_id[str(open_day.id)]["od_trust_change"] == "2"
    assert by_id[str(open_day.id)]["trust_police"] == ""
    assert "Exported 4 responses" in result.stderr


def test_filters_combine_and_dates_are_inclusive_local_days(runner, runtime, tmp_path):
    with runtime.transaction() as session:
        bgd = add_station(session, "BGD-01", "Baghdad")
        bsr = add_station(session, "BSR-01", "Basra")
        resident = add_resident(session, runtime.vault, bgd)
        # 22:30 UTC on 1 March is 01:30 on 2 March in Baghdad (UTC+3).
        late = dt.datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
        in_bgd = add_response(session, resident, bgd, {"trust_police": 1}, started_at=late)
        in_bsr = add_response(session, resident, bsr, {"trust_police": 2}, started_at=late)
        later = add_response(
            session, resident, bgd, {"trust_police": 3}, started_at=late + dt.timedelta(days=2)
        )

    def ids(*args):
        text, _ = export(runner, tmp_path, *args)
        return [int(row[0]) for row in read_csv(text)[1:]]

    assert ids() == [in_bgd.id, in_bsr.id, later.id]
    assert ids("--station", "bgd01") == [in_bgd.id, later.id]
    assert ids("--since", "2026-03-02", "--until", "2026-03-02") == [in_bgd.id, in_bsr.id]
    assert ids("--until", "2026-03-01") == []
    assert ids("--station", "BSR-01", "--since", "2026-03-02") == [in_bsr.id]
    assert ids("--station", "BGD-01", "--since", "2026-03-03") == [later.id]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-13-01"], "since must be a date written YYYY-MM-DD"),
        (["--until", "yesterday"], "until must be a date written YYYY-MM-DD"),
        (["--since", "2026-03-05", "--until", "2026-03-01"], "is after until"),
        (["--station", "XXX-99"], "There is no station with code XXX-99."),
    ],
)
def test_bad_filters_are_one_sentence_and_write_nothing(runner, runtime, tmp_path, args, message):
    with runtime.transaction() as session:
        add_station(session)
    folder = tmp_path / "exports"
    folder.mkdir()
    result = runner.invoke(args=["export", "answers", "--out", str(folder / "out.csv"), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_output_path_mistakes_are_one_sentence(runner, tmp_path):
    result = runner.invoke(args=["export", "answers", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "is a folder" in result.output
    missing = tmp_path / "no-such-folder" / "out.csv"
    result = runner.invoke(args=["export", "codebook", "--out", str(missing)])
    assert result.exit_code == 1 and "does not exist" in result.output
    assert "Traceback" not in result.output


def test_bom_and_standard_output(runner, runtime, tmp_path):
    with runtime.transaction() as session:
        station = add_station(session)
        resident = add_resident(session, runtime.vault, station)
        add_response(session, resident, station, full_trust("الشرطة في خدمة الشعب"))
    plain, _ = export(runner, tmp_path)
    out = tmp_path / "bom.csv"
    assert runner.invoke(args=["export", "answers", "--out", str(out), "--bom"]).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not plain.startswith("\ufeff")
    assert data[3:].decode("utf-8") == plain
    assert "الشرطة في خدمة الشعب" in data.decode("utf-8-sig")

    result = runner.invoke(args=["export", "answers", "--out", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == plain
    assert "Exported 6 answers to standard output." in result.stderr


def test_no_phone_number_in_any_export_and_typed_numbers_are_masked(runner, runtime, tmp_path):
    phones = [new_phone() for _ in range(4)]
    with runtime.transaction() as session:
        station = add_station(session)
        for i, phone in enumerate(phones):
            resident = add_resident(session, runtime.vault, station, phone=phone)
            # Residents sometimes type their own number, in any of the usual forms.
            typed = [phone, phone.lstrip("+"), national_form(phone), "٠" + national_form(phone)[1:]]
            add_response(session, resident, station, full_trust(f"call me on {typed[i]} please"))
    for args in ([], ["--format", "wide"], ["--station", "BGD-01", "--bom"]):
        text, _ = export(runner, tmp_path, *args)
        assert_no_phone_numbers(text, phones)
        assert "call me on [number removed] please" in text
    codebook = tmp_path / "codebook.csv"
    assert runner.invoke(args=["export", "codebook", "--out", str(codebook)]).exit_code == 0
    assert_no_phone_numbers(codebook.read_text(encoding="utf-8"), phones)


def test_respondent_id_is_stable_across_waves_and_exports(runner, runtime, tmp_path):
    phone = new_phone()
    with runtime.transaction() as session:
        station = add_station(session)
        resident = add_resident(session, runtime.vault, station, phone=phone)
        add_response(session, resident, station, {"trust_police": 1}, wave=1)
        add_response(
            session,
            resident,
            station,
            {"trust_police": 2},
            wave=2,
            started_at=T0 + dt.timedelta(days=30),
        )
    long_rows = read_csv(export(runner, tmp_path)[0])[1:]
    wide_rows = read_csv(export(runner, tmp_path, "--format", "wide", name="w.csv")[0])[1:]
    assert (
        {r[1] for r in long_rows}
        == {r[1] for r in wide_rows}
        == {runtime.vault.respondent_id(phone)}
    )
    assert [r[2] for r in long_rows] == ["1", "2"]


@pytest.mark.parametrize("fmt", ["long", "wide"])
def test_hostile_comments_are_neutralised(runner, runtime, tmp_path, fmt):
    with runtime.transaction() as session:
        station = add_station(session, governorate="=cmd|' /C calc'!A0")
        for comment in HOSTILE:
            resident = add_resident(session, runtime.vault, station)
            add_response(session, resident, station, full_trust(comment))
    text, _ = export(runner, tmp_path, "--format", fmt)
    rows = read_csv(text)
    column = rows[0].index("answer_text" if fmt == "long" else "comment")
    comments = [row[column] for row in rows[1:] if row[column]]
    assert comments == ["'" + c for c in HOSTILE]
    governorate = rows[0].index("governorate")
    assert {row[governorate] for row in rows[1:]} == {"'=cmd|' /C calc'!A0"}
    # Codes and ids are numbers, never prefixed.
    assert all(row[0].isdigit() for row in rows[1:])
