"""Outgoing e-mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmailMessage:
    """A rendered e-mail, ready to send."""

    to: str
    subject: str
    body: str


class EmailSender(Protocol):
    """Delivers e-mails, e.g. through an SMTP relay."""

    def deliver(self, message: EmailMessage) -> None:
        """Send ``message``."""


class LoggingEmailSender:
    """Writes e-mails to the log instead of sending them; for local runs."""

    def __init__(self) -> None:
        self.delivered: list[EmailMessage] = []

    def deliver(self, message: EmailMessage) -> None:
        """Log the message and keep it for inspection."""
        logger.info("e-mail to %s: %s", message.to, message.subject)
        self.delivered.append(message)
