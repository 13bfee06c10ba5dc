import datetime as dt

import pytest
from flask import g, jsonify
from sqlalchemy import select

from feedback_bot.errors import UserError
from feedback_bot.models import ApiToken, Station, User
from feedback_bot.services.accounts import users as accounts
from feedback_bot.web.auth import require_token

NOW = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery staple"


def add_station(session, code="BGD-01"):
    station = Station(
        code=code,
        match_key=code.lower().replace("-", ""),
        governorate="Baghdad",
        name_ar="الكرادة",
        name_ckb="کەڕادە",
        name_kmr="Kerade",
        name_en="Karrada",
    )
    session.add(station)
    session.flush()
    return station


def create(runtime, **fields):
    values = {"name": "amal", "role": "analyst", "password": PASSWORD, **fields}
    values.setdefault("hash_method", runtime.config["PASSWORD_HASH_METHOD"])
    with runtime.transaction() as session:
        return accounts.create_user(session, vault=runtime.vault, **values)


def test_commander_is_stored_with_hashed_password_and_encrypted_phone(runtime):
    with runtime.transaction() as session:
        station = add_station(session)
    user = create(
        runtime,
        name="cmdr.karrada",
        role="commander",
        station_code="bgd01",
        phone="0750 123 4567",
        language="ckb",
        channel="sms",
        hash_method="scrypt",  # what production uses (the suite itself runs a cheap one)
    )
    with runtime.transaction() as session:
        stored = session.get(User, user.id)
        assert stored.station_id == station.id
        assert stored.password_hash.startswith("scrypt:")
        assert PASSWORD not in stored.password_hash
        assert "7501234567" not in stored.phone_encrypted
        assert runtime.vault.decrypt(stored.phone_encrypted) == "+9647501234567"
        assert (stored.language, stored.channel) == ("ckb", "sms")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "short pass"}, "at least 12 characters"),
        ({"password": "password1234"}, "too common"),
        ({"password": "aaaaaaaaaaaaaaaa"}, "too common"),
        ({"password": "123456789012345"}, "sequence"),
        ({"password": "my name is amal really"}, "user name"),
        ({"role": "commander"}, "needs a station"),
        ({"role": "commander", "station_code": "XYZ-9"}, "no station with code XYZ-9"),
        ({"role": "analyst", "station_code": "BGD-01"}, "Only a commander"),
        ({"role": "boss"}, "role must be one of"),
        ({"language": "fr"}, "language must be one of"),
        ({"channel": "email"}, "sms or whatsapp"),
        ({"phone": "12"}, "phone number is not valid"),
        ({"name": "two words"}, "no spaces"),
    ],
)
def test_bad_accounts_are_refused_with_a_sentence(runtime, fields, message):
    with runtime.transaction() as session:
        add_station(session)
    with pytest.raises(UserError, match=message):
        create(runtime, **fields)
    with runtime.transaction() as session:
        assert session.scalars(select(User)).all() == []


def test_duplicate_name_is_refused(runtime):
    create(runtime)
    with pytest.raises(UserError, match="already exists"):
        create(runtime, password="another long passphrase")


def test_authenticate(runtime):
    create(runtime)
    with runtime.transaction() as session:
        assert accounts.authenticate(session, "amal", PASSWORD).name == "amal"
        assert accounts.authenticate(session, "amal", PASSWORD + "x") is None
        assert accounts.authenticate(session, "nobody", PASSWORD) is None
        session.scalar(select(User)).is_active = False
    with runtime.transaction() as session:
        assert accounts.authenticate(session, "amal", PASSWORD) is None


def test_tokens_are_stored_hashed_used_and_revoked(runtime):
    create(runtime)
    with runtime.transaction() as session:
        token = accounts.create_token(session, "amal", now=NOW)
    with runtime.transaction() as session:
        stored = session.scalar(select(ApiToken))
        assert token not in (stored.token_hash, stored.prefix)
        assert token.startswith(stored.prefix) and len(stored.prefix) == 12
        assert stored.last_used_at is None
    later = NOW + dt.timedelta(hours=1)
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token, now=later).name == "amal"
        assert accounts.user_for_token(session, token + "x", now=later) is None
        assert accounts.user_for_token(session, "", now=later) is None
    with runtime.transaction() as session:
        assert session.scalar(select(ApiToken)).last_used_at == later
        accounts.user_for_token(session, token, now=later + dt.timedelta(seconds=30))
        accounts.user_for_token(session, token, now=later + dt.timedelta(minutes=2))
    with runtime.transaction() as session:
        assert session.scalar(select(ApiToken)).last_used_at == later + dt.timedelta(minutes=2)
        accounts.revoke_token(session, stored.prefix, now=later)
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token, now=later) is None


def test_revoke_by_whole_token_and_unknown_prefix(runtime):
    create(runtime)
    with runtime.transaction() as session:
        token = accounts.create_token(session, "amal", now=NOW)
        keep = accounts.create_token(session, "amal", now=NOW)
    with runtime.transaction() as session:
        accounts.revoke_token(session, token, now=NOW)
        with pytest.raises(UserError, match="No token matches"):
            accounts.revoke_token(session, "fbt_nothing1", now=NOW)
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token, now=NOW) is None
        assert accounts.user_for_token(session, keep, now=NOW) is not None


def test_token_for_unknown_user_is_refused(runtime):
    with runtime.transaction() as session, pytest.raises(UserError, match="no user named"):
        accounts.create_token(session, "ghost", now=NOW)


def test_inactive_user_token_stops_working(runtime):
    create(runtime)
    with runtime.transaction() as session:
        token = accounts.create_token(session, "amal", now=NOW)
        session.scalar(select(User)).is_active = False
    with runtime.transaction() as session:
        assert accounts.user_for_token(session, token, now=NOW) is None


def test_require_token_answers_401_403_and_passes_the_user(app, runtime):
    @app.get("/test-only/analysts")
    @require_token("analyst")
    def analysts_only():
        return jsonify(user=g.api_user.name)

    client = app.test_client()
    with runtime.transaction() as session:
        add_station(session)
    create(runtime)
    create(runtime, name="cmdr", role="commander", station_code="BGD-01")
    with runtime.transaction() as session:
        analyst = accounts.create_token(session, "amal", now=NOW)
        commander = accounts.create_token(session, "cmdr", now=NOW)

    missing = client.get("/test-only/analysts")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in missing.json["error"]
    for header in ("Bearer nonsense", f"Basic {analyst}", "Bearer "):
        response = client.get("/test-only/analysts", headers={"Authorization": header})
        assert response.status_code == 401, header
    wrong_role = client.get("/test-only/analysts", headers={"Authorization": f"Bearer {commander}"})
    assert wrong_role.status_code == 403 and "error" in wrong_role.json
    ok = client.get("/test-only/analysts", headers={"Authorization": f"Bearer {analyst}"})
    assert ok.status_code == 200 and ok.json == {"user": "amal"}

    with runtime.transaction() as session:
        accounts.revoke_token(session, analyst, now=NOW)
    revoked = client.get("/test-only/analysts", headers={"Authorization": f"Bearer {analyst}"})
    assert revoked.status_code == 401
