"""The installed script and ``flask --app`` run the same commands with the same one-sentence errors."""

import os
import shutil
import subprocess
import sys

import pytest


@pytest.fixture
def env(database_url, tmp_path):
    return {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": database_url,
        "HOME": str(tmp_path),
    }


def entrypoints():
    script = shutil.which("feedback-bot", path=os.path.dirname(sys.executable))
    return [[script], [sys.executable, "-m", "flask", "--app", "feedback_bot"]]


@pytest.mark.parametrize("prefix", entrypoints(), ids=["feedback-bot", "flask --app"])
def test_a_users_mistake_is_one_sentence_and_exit_1(prefix, env, tmp_path):
    result = subprocess.run(
        [*prefix, "stations", "import", "missing.csv"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Error: No such file: missing.csv." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_production_without_secrets_says_which_one_is_missing(env, tmp_path):
    env = {k: v for k, v in env.items() if k not in ("SECRET_KEY", "PSEUDONYM_KEY")}
    env["APP_ENV"] = "production"
    script = entrypoints()[0]
    result = subprocess.run(
        [*script, "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("Error: SECRET_KEY is not set")
    assert "Traceback" not in result.stderr
