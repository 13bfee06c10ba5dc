"""The station dashboard: views, their presentation helpers and the SVG trend charts."""

from feedback_bot.web.dashboard.views import bp

__all__ = ["bp"]
