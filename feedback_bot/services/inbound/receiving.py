"""Receiving a resident's message: record its MessageSid once, run the conversation, keep replies.

One transaction per message: the ``inbound_messages`` row (unique ``message_sid``) is
written with everything the conversation does, so a redelivery by Twilio, sequential
or concurrent, hits the unique constraint and gets the replies stored the first time.
"""

from __future__ import annotations

import logging
import traceback

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError

from feedback_bot.i18n import N_, translate
from feedback_bot.messaging import InboundMessage
from feedback_bot.models import ReceivedMessage, Resident
from feedback_bot.runtime import Runtime
from feedback_bot.services.inbound.conversations import handle_inbound

log = logging.getLogger(__name__)

SORRY = N_("Sorry, something went wrong on our side. Please send your message again.")
FALLBACK_LANGUAGE = "ar"
# A race on another unique row (the same new resident in two messages at once) is
# resolved by running the message once more; the second run sees the winner's row. So is
# a connection the database dropped (a restart, an idle timeout): the pool has been
# invalidated, and the second run gets a fresh connection.
ATTEMPTS = 2


def receive(runtime: Runtime, message: InboundMessage) -> list[str]:
    """The replies to ``message``, processing it only the first time its MessageSid is seen."""
    failure: BaseException | None = None
    for _ in range(ATTEMPTS):
        try:
            return _process(runtime, message)
        except IntegrityError as error:
            stored = stored_replies(runtime, message.message_sid)
            if stored is not None:
                return stored
            failure = error
        except DBAPIError as error:
            failure = error
            if not error.connection_invalidated:
                break
        except Exception as error:
            failure = error
            break
    _log_failure(message, failure)
    return [translate(_language_of(runtime, message.phone), SORRY)]


def _process(runtime: Runtime, message: InboundMessage) -> list[str]:
    with runtime.transaction() as session:
        row = ReceivedMessage(
            message_sid=message.message_sid,
            channel=message.channel,
            replies=[],
            received_at=message.received_at,
        )
        session.add(row)
        session.flush()  # a duplicate MessageSid stops here, before any effect
        handled = handle_inbound(session, runtime, message)
        replies = [str(reply) for reply in handled.replies]
        if handled.resident_id is None:
            # The message erased its sender (erasure, declined consent, a minor): no record of
            # it stays either. A redelivery of it would be a new resident's first message.
            session.delete(row)
        else:
            row.resident_id = handled.resident_id
            row.replies = replies
    return replies


def stored_replies(runtime: Runtime, message_sid: str) -> list[str] | None:
    """The replies recorded for ``message_sid``, or None if it was never processed."""
    with runtime.transaction() as session:
        return session.scalar(
            select(ReceivedMessage.replies).where(ReceivedMessage.message_sid == message_sid)
        )


def _language_of(runtime: Runtime, phone: str) -> str:
    try:
        with runtime.transaction() as session:
            language = session.scalar(
                select(Resident.language).where(
                    Resident.phone_lookup == runtime.vault.lookup_hash(phone)
                )
            )
    except Exception:
        language = None
    return language or FALLBACK_LANGUAGE


def _log_failure(message: InboundMessage, error: BaseException | None) -> None:
    # The exception text may quote SQL parameters (a number, a message body): log the
    # type and the stack frames only.
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error(
        "Inbound %s on %s was not processed (%s); Twilio's resend will be processed.\n%s",
        message.message_sid,
        message.channel,
        type(error).__name__,
        frames,
    )
