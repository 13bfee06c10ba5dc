"""Residents answer through the real webhook; the analyst's files hold their answers, not them."""

from __future__ import annotations

import datetime as dt

from feedback_bot.services.accounts.users import create_token, create_user
from tests.support.export import add_station, assert_no_phone_numbers, read_csv
from tests.support.twilio import Phone

LAYLA = "+9647711112222"
OMAR = "+9647822223333"
PROFILE_NAME = "Layla Hassan"


def answer_the_poll(client) -> None:
    layla = Phone(client, LAYLA, channel="whatsapp")
    # Station code first (skips the station menu), English, agree, woman, 30–44, the poll.
    for body in ("BGD-01", "4", "1", "1", "3", "2", "5", "1", "2", "1"):
        layla.send(body, ProfileName=PROFILE_NAME)
    [thanks] = layla.send(
        '=HYPERLINK("http://x") call me on 0771 111 2222', ProfileName=PROFILE_NAME
    )
    assert thanks.startswith("Thank you")

    omar = Phone(client, OMAR, channel="sms")
    # Arabic, agree, man, 60 or older, the poll, then 0 skips the comment.
    for body in ("BGD-01", "1", "1", "2", "5", "4", "3", "٣", "4", "3", "0"):
        omar.send(body)


def test_answers_given_on_whatsapp_and_sms_come_out_pseudonymous(client, runner, runtime, tmp_path):
    with runtime.transaction() as session:
        add_station(session)
        create_user(
            session,
            name="analyst",
            role="analyst",
            password="a long Tigris sunrise 42",
            vault=runtime.vault,
            hash_method=runtime.config["PASSWORD_HASH_METHOD"],
        )
        token = create_token(session, "analyst", now=dt.datetime.now(dt.UTC))
    answer_the_poll(client)

    out = tmp_path / "long.csv"
    assert runner.invoke(args=["export", "answers", "--out", str(out)]).exit_code == 0
    long_text = out.read_text(encoding="utf-8")
    rows = [dict(zip(read_csv(long_text)[0], row, strict=True)) for row in read_csv(long_text)[1:]]
    layla = [r for r in rows if r["channel"] == "whatsapp"]
    omar = [r for r in rows if r["channel"] == "sms"]
    assert len(layla) == len(omar) == 6
    assert {r["respondent_id"] for r in layla} == {runtime.vault.respondent_id(LAYLA)}
    assert {r["respondent_id"] for r in omar} == {runtime.vault.respondent_id(OMAR)}
    assert [(r["question_id"], r["answer_code"]) for r in layla][:5] == [
        ("trust_police", "2"),
        ("safe_after_dark", "5"),
        ("police_respect", "1"),
        ("report_crime", "2"),
        ("women_access", "1"),
    ]
    assert {(r["language"], r["gender"], r["age_band"]) for r in layla} == {("en", "1", "3")}
    assert {(r["language"], r["gender"], r["age_band"]) for r in omar} == {("ar", "2", "5")}
    assert layla[-1]["answer_text"] == '\'=HYPERLINK("http://x") call me on [number removed]'
    assert omar[2]["answer_code"] == "3"  # typed as an Eastern Arabic digit
    assert (omar[-1]["question_id"], omar[-1]["status"], omar[-1]["answer_text"]) == (
        "comment",
        "skipped",
        "",
    )
    assert {r["status"] for r in omar[:-1]} == {"answered"}
    # Real clock times, in UTC with their offset (not shifted to Baghdad time).
    for row in rows:
        for column in ("started_at", "answered_at", "completed_at"):
            when = dt.datetime.fromisoformat(row[column])
            assert row[column].endswith("+00:00")
            assert abs(when - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

    headers = {"Authorization": f"Bearer {token}"}
    files = [long_text]
    for path in ("/api/v1/export/answers.csv?format=wide", "/api/v1/export/codebook.csv"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        files.append(response.get_data(as_text=True))
    wide = read_csv(files[1])
    assert len(wide) == 3 and {row[wide[0].index("comment")] for row in wide[1:]} == {
        '\'=HYPERLINK("http://x") call me on [number removed]',
        "",
    }
    for text in files:
        assert_no_phone_numbers(text, [LAYLA, OMAR])
        assert "Layla" not in text and "Hassan" not in text
