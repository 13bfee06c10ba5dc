"""Babel catalogs, shipped inside the package as ``feedback_bot.locales``."""
