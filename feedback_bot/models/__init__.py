"""All tables, imported in one place so the metadata is complete."""

from feedback_bot.models.accounts import ApiToken, LoginAttempt, User
from feedback_bot.models.audit import AuditEntry
from feedback_bot.models.messages import OutboxMessage, OutboxSender, ReceivedMessage
from feedback_bot.models.open_days import OpenDay, Registration
from feedback_bot.models.residents import Conversation, Resident
from feedback_bot.models.responses import Answer, Followup, Response
from feedback_bot.models.stations import Station
from feedback_bot.models.whatsapp import WhatsappContent

__all__ = [
    "Answer",
    "ApiToken",
    "AuditEntry",
    "Conversation",
    "Followup",
    "LoginAttempt",
    "OpenDay",
    "OutboxMessage",
    "OutboxSender",
    "ReceivedMessage",
    "Registration",
    "Resident",
    "Response",
    "Station",
    "User",
    "WhatsappContent",
]
