import pytest

from feedback_bot.config import ConfigError, load_config

TEST = {"APP_ENV": "test"}


def test_a_wave_invitation_stays_open_a_week_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("WAVE_OPEN_DAYS", raising=False)
    assert load_config(str(tmp_path), TEST)["WAVE_OPEN_DAYS"] == 7


def test_wave_open_days_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WAVE_OPEN_DAYS", "10")
    assert load_config(str(tmp_path), TEST)["WAVE_OPEN_DAYS"] == 10


@pytest.mark.parametrize("value", ["0", "-3", "a week", "2.5"])
def test_wave_open_days_must_be_a_positive_whole_number(tmp_path, value):
    with pytest.raises(ConfigError, match="WAVE_OPEN_DAYS"):
        load_config(str(tmp_path), {**TEST, "WAVE_OPEN_DAYS": value})
