"""The suite's settings: which database it runs on, and the fake Twilio account it signs with."""

from __future__ import annotations

import os

BACKEND = os.environ.get("FEEDBACK_BOT_TEST_DB", "sqlite").lower()
PG_ADMIN_URL = os.environ.get(
    "FEEDBACK_BOT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TWILIO_AUTH_TOKEN = "test-auth-token-0123456789abcdef"
TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000001"
PUBLIC_BASE_URL = "https://bot.example.org"
