"""The staff dashboard (``/dashboard/``): sign-in, a station's weekly summary with trend
charts, and its Open Days. Pages render ``services.reports.weekly_summary`` as it is.

Every form here carries a CSRF token checked for the whole blueprint, so the protection
covers the dashboard only (Twilio webhooks and the Bearer API do not use cookies).
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from feedback_bot.db import utcnow
from feedback_bot.i18n import LANGUAGE_NAMES, text_direction, translate
from feedback_bot.runtime import get_runtime
from feedback_bot.services import audit, reports, stations
from feedback_bot.services.accounts import load_user, log_in
from feedback_bot.services.open_days import attend, station_open_days
from feedback_bot.web.dashboard import present

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

USER_KEY = "dashboard_user_id"
LANGUAGE_KEY = "dashboard_language"
DEFAULT_LANGUAGE = "ar"


def _language() -> str:
    chosen = session.get(LANGUAGE_KEY)
    if chosen in LANGUAGE_NAMES:
        return chosen
    user = g.get("dashboard_user")
    if user is not None and user.language in LANGUAGE_NAMES:
        return user.language
    return request.accept_languages.best_match(LANGUAGE_NAMES) or DEFAULT_LANGUAGE


@bp.before_request
def _before() -> None:
    g.dashboard_user = load_user(get_runtime(), session.get(USER_KEY))
    g.dashboard_language = _language()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as error:
            raise CSRFError(str(error)) from None


@bp.after_request
def _protect(response: Response) -> Response:
    # Pages name stations and show small-area figures: never cached, framed or leaked by
    # referrer; everything (CSS, charts) is served from here, so nothing else is allowed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'none'; object-src 'none'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    return response


@bp.context_processor
def _template_context() -> dict[str, Any]:
    language = g.get("dashboard_language", DEFAULT_LANGUAGE)

    def _(msgid: str, **variables: Any) -> str:
        return translate(language, msgid, **variables)

    return {
        "_": _,
        "lang": language,
        "dir": text_direction(language),
        "languages": LANGUAGE_NAMES,
        "csrf_token": generate_csrf,
        "user": g.get("dashboard_user"),
    }


def _page(template: str, status: int = 200, **context: Any):
    return render_template(f"dashboard/{template}", **context), status


@bp.errorhandler(CSRFError)
def _csrf_failed(_error: CSRFError):
    return _page("error.html", 400, message_id="csrf")


@bp.errorhandler(403)
def _forbidden(_error: Exception):
    return _page("error.html", 403, message_id="forbidden")


@bp.errorhandler(404)
def _not_found(_error: Exception):
    return _page("error.html", 404, message_id="not_found")


def login_required(view):
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        if g.dashboard_user is None:
            return redirect(url_for("dashboard.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def _station_for_user(code: str) -> Any:
    """The station a user may open, or 403 (a commander asking for another station) / 404."""
    user = g.dashboard_user
    station = stations.station(get_runtime(), code)
    # A commander learns nothing about other codes: unknown and foreign both answer 403.
    if not user.may_see(station.code if station else code.upper()):
        abort(403)
    if station is None:
        abort(404)
    return station


def _safe_next(target: str | None) -> str:
    """Only send people back inside the dashboard (no open redirect)."""
    if target and target.startswith("/dashboard/") and not target.startswith("//"):
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return _page("login.html", next=request.args.get("next", ""))
    name = request.form.get("name", "")
    result = log_in(
        get_runtime(), name, request.form.get("password", ""), request.remote_addr, now=utcnow()
    )
    if result.user is None:
        error = "locked" if result.locked else "invalid"
        status = 429 if result.locked else 401
        return _page("login.html", status, error=error, name=name, next=request.form.get("next"))
    language = session.get(LANGUAGE_KEY)
    session.clear()  # a fresh session on sign-in (no fixation)
    session[USER_KEY] = result.user.id
    if language:
        session[LANGUAGE_KEY] = language
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    user = g.dashboard_user
    if user is not None:
        audit.log_action(get_runtime(), audit.Actor(user.name, "dashboard"), "logout")
    session.clear()
    return redirect(url_for("dashboard.login"))


@bp.post("/language")
def language():
    chosen = request.form.get("language")
    if chosen in LANGUAGE_NAMES:
        session[LANGUAGE_KEY] = chosen
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/")
@login_required
def index():
    user = g.dashboard_user
    if user.role == "commander":
        if user.station_code is None:
            abort(403)
        return redirect(url_for("dashboard.summary", code=user.station_code))
    return _page("stations.html", stations=stations.all_stations(get_runtime()))


def _week_date() -> dt.date:
    text = request.args.get("week")
    if not text:
        return present.last_full_week(utcnow(), get_runtime().config["TIMEZONE"])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        abort(404)


@bp.get("/stations/<code>")
@login_required
def summary(code: str):
    station = _station_for_user(code)
    data = reports.weekly_summary(get_runtime(), station.code, _week_date(), now=utcnow())
    language = g.dashboard_language
    start, end = present.period_dates(data)
    return _page(
        "summary.html",
        station=station,
        station_name=station.name(language),
        summary=data,
        week_start=start,
        period=(present.local_date(start, language), present.local_date(end, language)),
        previous_week=(start - dt.timedelta(days=7)).isoformat(),
        next_week=(start + dt.timedelta(days=7)).isoformat(),
        counts=present.count_rows(data, language),
        rows=present.indicator_rows(data, language),
        charts=present.trend_charts(data, language),
        panel=present.panel_rows(data, language),
        genders=present.GENDER_LABELS,
    )


def _open_days_page(station: Any, status: int = 200, outcome: Any = None):
    runtime = get_runtime()
    language = g.dashboard_language
    days = station_open_days(runtime, station.code, now=utcnow(), language=language)
    timezone = runtime.config["TIMEZONE"]
    return _page(
        "open_days.html",
        status,
        station=station,
        station_name=station.name(language),
        days=days,
        when=lambda day: present.local_datetime(day.starts_at, language, timezone),
        outcome=outcome,
    )


@bp.get("/stations/<code>/open-days")
@login_required
def open_days(code: str):
    return _open_days_page(_station_for_user(code))


@bp.post("/stations/<code>/open-days/attend")
@login_required
def mark_attendance(code: str):
    station = _station_for_user(code)
    actor = audit.Actor(g.dashboard_user.name, "dashboard")
    code = request.form.get("code", "")
    outcome = attend(get_runtime(), station.code, code, now=utcnow(), actor=actor)
    status = 200 if outcome.outcome in ("marked", "already") else 422
    return _open_days_page(station, status, outcome)
