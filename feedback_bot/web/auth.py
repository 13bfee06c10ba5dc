"""Bearer-token authentication for the JSON/CSV API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, jsonify, request

from feedback_bot.runtime import get_runtime
from feedback_bot.services import accounts


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _unauthorized() -> Any:
    response = jsonify(error="A valid API token is required (Authorization: Bearer <token>).")
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="feedback_bot"'
    return response


def require_token(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let a request through only with a valid token whose user has one of ROLES.

    The user (detached, attributes loaded) is in ``g.api_user``. Missing, unknown or
    revoked token: 401 with ``WWW-Authenticate: Bearer``; wrong role: 403.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            token = _bearer_token()
            if token is None:
                return _unauthorized()
            user = accounts.user_for_token(get_runtime(), token, now=dt.datetime.now(dt.UTC))
            if user is None:
                return _unauthorized()
            if roles and user.role not in roles:
                return jsonify(error="This token's user may not use this resource."), 403
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator
