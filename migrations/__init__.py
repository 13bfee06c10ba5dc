"""Alembic migrations, shipped inside the package as ``feedback_bot.migrations``."""
