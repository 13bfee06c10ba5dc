import datetime as dt

from sqlalchemy import select

from feedback_bot.models import ApiToken, User
from feedback_bot.services.accounts import users as accounts
from tests.support.reports import add_station

PASSWORD = "a long enough passphrase"


def test_create_users_with_password_from_stdin(runner, runtime):
    with runtime.transaction() as session:
        add_station(session, "BGD-01")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "cmdr",
            "--role",
            "commander",
            "--station",
            "bgd01",
            "--phone",
            "07501234567",
            "--language",
            "en",
            "--channel",
            "sms",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created commander cmdr at BGD-01." in result.output
    assert PASSWORD not in result.output
    with runtime.transaction() as session:
        assert accounts.authenticate(session, "cmdr", PASSWORD) is not None
        user = session.scalar(select(User))
        assert (user.language, user.channel) == ("en", "sms")
    listing = runner.invoke(args=["users", "list"])
    assert listing.exit_code == 0
    assert "cmdr\tcommander\tBGD-01\ten\tsms\tphone\tactive" in listing.output
    assert "750" not in listing.output and "scrypt" not in listing.output


def test_mistakes_are_one_sentence_without_traceback(runner):
    weak = runner.invoke(args=["users", "create", "amal", "--role", "analyst"], input="short\n")
    assert weak.exit_code == 1
    assert "at least 12 characters" in weak.output and "Traceback" not in weak.output
    nothing = runner.invoke(args=["users", "create", "amal", "--role", "analyst"], input="")
    assert nothing.exit_code == 1 and "No password" in nothing.output
    no_station = runner.invoke(
        args=["users", "create", "c", "--role", "commander"], input=PASSWORD + "\n"
    )
    assert no_station.exit_code == 1
    bad_role = runner.invoke(
        args=["users", "create", "amal", "--role", "boss"], input=PASSWORD + "\n"
    )
    assert bad_role.exit_code == 2 and "boss" in bad_role.output
    no_user = runner.invoke(args=["tokens", "create", "ghost"])
    assert no_user.exit_code == 1 and "no user named ghost" in no_user.output


def test_password_is_never_an_argument(runner):
    result = runner.invoke(
        args=["users", "create", "amal", "--role", "analyst", "--password", PASSWORD]
    )
    assert result.exit_code == 2


def test_tokens_create_list_revoke(runner, runtime, client):
    runner.invoke(args=["users", "create", "amal", "--role", "analyst"], input=PASSWORD + "\n")
    created = runner.invoke(args=["tokens", "create", "amal"])
    assert created.exit_code == 0, created.output
    token = created.output.strip().splitlines()[-1]
    assert token.startswith("fbt_") and " " not in token
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token, now=dt.datetime.now(dt.UTC)).name == "amal"
        prefix = session.scalar(select(ApiToken.prefix))

    listing = runner.invoke(args=["tokens", "list"])
    assert listing.exit_code == 0
    assert prefix in listing.output and token not in listing.output
    assert "active" in listing.output

    revoked = runner.invoke(args=["tokens", "revoke", f"{prefix}…"])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "revoked" in runner.invoke(args=["tokens", "list"]).output
    response = client.get(
        "/api/v1/stations/BGD-01/summary?week=2025-03-05",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 401
    unknown = runner.invoke(args=["tokens", "revoke", "fbt_zzzzzzzz"])
    assert unknown.exit_code == 1 and "No token matches" in unknown.output
