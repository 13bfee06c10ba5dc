"""The conversation: pure rules from a resident's state and message to replies and effects.

Layout: ``context`` is what the engine reads, ``effects`` what it returns, ``steps`` the one
table of steps (how each is asked and answered), ``engine`` the order of precedence for one
message, and ``onboarding``, ``polling``, ``open_day_flow`` the handlers. ``prompts`` renders
every text the resident reads and ``lint`` measures them.
"""

import datetime as dt

# A dialogue left silent this long is over: an open poll response expires, the conversation
# row's ``expires_at`` is set this far ahead, and an accepted follow-up wave stays answerable
# this long past its closing time. WhatsApp's customer-service window has the same length.
SILENCE = dt.timedelta(hours=24)
