"""``feedback-bot chat``: the terminal simulator talks to the same engine and database."""

from __future__ import annotations

from sqlalchemy import select

from feedback_bot.db import utcnow
from feedback_bot.models import Answer, Resident, Response
from feedback_bot.services.demo import seed_demo


def seed(runtime):
    with runtime.transaction() as session:
        seed_demo(session, now=utcnow(), timezone=runtime.config["TIMEZONE"])


def test_a_resident_takes_the_poll_in_the_terminal(runner, runtime):
    seed(runtime)
    lines = ["hello", "4", "1", "bgd-01", "3", "6", "1", "/tap safe_after_dark:3", "2", "2", "1"]
    lines += ["0", "/quit"]
    result = runner.invoke(args=["chat", "--channel", "whatsapp"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "bot> How much do you trust the police at Karrada?" in result.output
    assert "bot> Thank you for your answers!" in result.output
    with runtime.transaction() as session:
        response = session.scalars(select(Response)).one()
        assert (response.channel, response.language, response.status) == (
            "whatsapp",
            "en",
            "completed",
        )
        codes = dict(session.execute(select(Answer.question_id, Answer.answer_code)).all())
        assert codes == {
            "trust_police": 1,
            "safe_after_dark": 3,
            "police_respect": 2,
            "report_crime": 2,
            "women_access": 1,
            "comment": None,
        }
        resident = session.scalars(select(Resident)).one()
        assert (resident.gender, resident.age_band) == (3, 6)


def test_the_number_is_never_printed_and_two_numbers_are_two_residents(runner, runtime):
    seed(runtime)
    first = runner.invoke(args=["chat", "--from", "07701234567"], input="POLL\n")
    second = runner.invoke(args=["chat", "--from", "+964 770 765 4321"], input="hello\n")
    assert first.exit_code == 0 and second.exit_code == 0
    for output in (first.output, second.output):
        assert "7701234567" not in output and "7707654321" not in output
    with runtime.transaction() as session:
        languages = sorted((r.language or "-") for r in session.scalars(select(Resident)))
        assert languages == ["-", "en"]


def test_a_bad_number_is_one_sentence(runner, runtime):
    result = runner.invoke(args=["chat", "--from", "not-a-number"], input="hi\n")
    assert result.exit_code == 1
    assert "must be a mobile number" in result.output
    assert "Traceback" not in result.output


def test_an_opted_out_resident_gets_no_reply(runner, runtime):
    seed(runtime)
    result = runner.invoke(args=["chat", "--channel", "sms"], input="إيقاف\n1\n")
    assert "bot> لن تصلك رسائل بعد الآن" in result.output
    assert result.output.rstrip().endswith("bot> (no reply)\nyou>")
