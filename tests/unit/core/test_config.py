import pytest

from feedback_bot import create_app
from feedback_bot.config import ConfigError, load_config, whatsapp_template

SECRETS = {k: "x" * 40 for k in ("SECRET_KEY", "PSEUDONYM_KEY", "PHONE_ENCRYPTION_KEY")}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in ("APP_ENV", "SECRET_KEY", "PSEUDONYM_KEY", "PHONE_ENCRYPTION_KEY", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PSEUDONYM_KEY", "PHONE_ENCRYPTION_KEY"])
def test_production_refuses_to_start_without_each_secret(tmp_path, missing):
    overrides = {k: v for k, v in SECRETS.items() if k != missing}
    with pytest.raises(ConfigError, match=f"^{missing} is not set"):
        load_config(str(tmp_path), overrides)


def test_production_is_the_default_env(tmp_path):
    with pytest.raises(ConfigError):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_production_rejects_short_secrets(tmp_path):
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_config(str(tmp_path), {**SECRETS, "PSEUDONYM_KEY": "short"})


def test_environment_is_read_and_overrides_win(tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    for key, value in SECRETS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("FOLLOWUP_DAYS", "14,60,180")
    config = load_config(str(tmp_path), {"TIMEZONE": "UTC"})
    assert config["FOLLOWUP_DAYS"] == (14, 60, 180)
    assert config["TIMEZONE"] == "UTC"
    assert config["MESSAGE_TRANSPORT"] == "twilio"


def test_development_defaults(tmp_path):
    config = load_config(str(tmp_path), {"APP_ENV": "development"})
    assert config["USING_DEV_SECRETS"] is True
    assert config["MESSAGE_TRANSPORT"] == "console"
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path}/feedback_bot.db"
    assert config["TIMEZONE"] == "Asia/Baghdad"
    assert config["WEEK_START"] == "sunday"
    assert config["FOLLOWUP_DAYS"] == (30, 90)
    assert config["QUIET_HOURS"] == (21 * 60, 9 * 60)
    assert config["OUTBOX_RATE_PER_SECOND"] == 10.0
    assert config["OUTBOX_CONCURRENCY"] == 16


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("FOLLOWUP_DAYS", "30,abc", "FOLLOWUP_DAYS"),
        ("FOLLOWUP_DAYS", "90,30", "increasing"),
        ("QUIET_HOURS", "late", "QUIET_HOURS"),
        ("QUIET_HOURS", "25:00-09:00", "QUIET_HOURS"),
        ("OUTBOX_RATE_PER_SECOND", "0", "greater than zero"),
        ("OUTBOX_CONCURRENCY", "many", "OUTBOX_CONCURRENCY"),
        ("OUTBOX_CONCURRENCY", "0", "between 1 and"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE"),
        ("WEEK_START", "someday", "WEEK_START"),
        ("APP_ENV", "staging", "APP_ENV"),
        ("MESSAGE_TRANSPORT", "pigeon", "MESSAGE_TRANSPORT"),
    ],
)
def test_bad_values_are_one_clear_sentence(tmp_path, key, value, message):
    with pytest.raises(ConfigError, match=message):
        load_config(str(tmp_path), {"APP_ENV": "development", key: value})


def test_whatsapp_templates_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WHATSAPP_TEMPLATE_FOLLOWUP_AR", "HX" + "a" * 32)
    config = load_config(str(tmp_path), {"APP_ENV": "development"})
    assert whatsapp_template(config, "followup", "ar") == "HX" + "a" * 32
    assert whatsapp_template(config, "FOLLOWUP", "en") is None


def test_trusted_proxies_set_the_client_address(tmp_path):
    app = create_app(
        {
            "APP_ENV": "test",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
            "TRUSTED_PROXIES": "1",
        }
    )

    @app.get("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr or ""

    client = app.test_client()
    assert client.get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"}).text == "203.0.113.9"
    direct = create_app({"APP_ENV": "test", "DATABASE_URL": f"sqlite:///{tmp_path}/y.db"})
    direct.add_url_rule("/whoami", view_func=whoami)
    forged = direct.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forged.text == "127.0.0.1"


def test_trusted_proxies_must_be_a_count(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        load_config(str(tmp_path), {"APP_ENV": "development", "TRUSTED_PROXIES": "yes"})


def test_outbox_concurrency_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTBOX_CONCURRENCY", "4")
    assert load_config(str(tmp_path), {"APP_ENV": "development"})["OUTBOX_CONCURRENCY"] == 4


def test_production_hashes_passwords_with_scrypt_and_refuses_a_cheap_method(tmp_path):
    assert load_config(str(tmp_path), SECRETS)["PASSWORD_HASH_METHOD"] == "scrypt"
    with pytest.raises(ConfigError, match="scrypt in production"):
        load_config(str(tmp_path), {**SECRETS, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


def test_a_cheap_hash_method_is_for_tests_only_and_an_unknown_one_is_refused(tmp_path):
    test = {"APP_ENV": "test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
    assert load_config(str(tmp_path), test)["PASSWORD_HASH_METHOD"] == "pbkdf2:sha256:1000"
    with pytest.raises(ConfigError, match="PASSWORD_HASH_METHOD must be scrypt"):
        load_config(str(tmp_path), {**test, "PASSWORD_HASH_METHOD": "md5"})
