"""Follow-ups (the ``followups`` job): close expired wave invitations and silent polls, then invite due waves.

Each due wave is handled in its own transaction with the row locked (other
workers skip it), so one resident's failure does not hold back the others and a
second worker never invites twice; the outbox key ``followup:<resident>:<wave>``
makes the message itself unique as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from feedback_bot.models import Followup, Resident, Station
from feedback_bot.runtime import Runtime
from feedback_bot.services import waves
from feedback_bot.services.inbound import expiry as responses
from feedback_bot.services.inbound.conversations import open_invitation
from feedback_bot.services.outbox.dispatcher import enqueue_for_resident

log = logging.getLogger(__name__)
BATCH = 500


@dataclass
class FollowupRun:
    invited: int = 0
    skipped: int = 0
    superseded: int = 0
    deferred: int = 0
    closed: int = 0
    expired: int = 0
    failed: int = 0

    def summary(self) -> str:
        line = (
            f"followups: {self.invited} invited, {self.skipped} skipped, "
            f"{self.closed} closed as missed, {self.superseded} superseded, "
            f"{self.deferred} waiting for an open wave, "
            f"{self.expired} unfinished polls expired"
        )
        return line + (f", {self.failed} failed (see the log)" if self.failed else "")


def run_followups(runtime: Runtime, *, now: dt.datetime) -> str:
    """Close expired invitations and invite every due wave; returns a one-line summary."""
    result = FollowupRun()
    with runtime.transaction() as session:
        result.closed = waves.close_expired(session, now=now)
        result.expired = responses.expire_silent_responses(session, now=now)
    last_id = 0
    while True:
        with runtime.transaction() as session:
            ids = waves.due_followup_ids(session, now=now, after_id=last_id, limit=BATCH)
        if not ids:
            break
        for followup_id in ids:
            try:
                outcome = _invite_one(runtime, followup_id, now=now)
            except Exception:
                log.exception("followup %s could not be invited", followup_id)
                result.failed += 1
                continue
            if outcome is not None:
                setattr(result, outcome, getattr(result, outcome) + 1)
        last_id = ids[-1]
    return result.summary()


def _invite_one(runtime, followup_id: int, *, now: dt.datetime) -> str | None:
    """Handle one due wave; returns the counter it adds to, or None if another worker had it."""
    with runtime.transaction() as session:
        followup = waves.lock_due_followup(session, followup_id, now=now)
        if followup is None:
            return None
        resident = session.get(Resident, followup.resident_id)
        reason = waves.reason_not_to_invite(resident)
        if reason is not None:
            followup.status = "skipped"
            followup.note = reason
            return "skipped"
        if waves.superseded_by_later_wave(session, followup, now=now):
            followup.status = "missed"
            followup.note = "superseded"
            return "superseded"
        if waves.has_open_wave(session, resident.id):
            return "deferred"
        waves.mark_invited(followup, now=now, open_days=runtime.config["WAVE_OPEN_DAYS"])
        session.flush()
        text = open_invitation(session, runtime, resident, followup, now=now)
        enqueue_for_resident(
            session,
            resident,
            key=f"followup:{resident.id}:{followup.wave}",
            kind="followup",
            body=text,
            template_name="FOLLOWUP",
            template_variables=_template_variables(session, resident, followup),
            now=now,
        )
        return "invited"


def _template_variables(session, resident: Resident, followup: Followup) -> dict[str, str]:
    """FOLLOWUP Content template: {"1": wave number, "2": station name in the resident's language}."""
    station = session.get(Station, resident.station_id)
    return {"1": str(followup.wave), "2": station.name(resident.language)}
