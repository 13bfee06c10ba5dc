"""Channels: how messages reach residents (Twilio, console, a fake for tests)."""
