"""Receipts of completed orders, e-mailed by a function handler.

The notifications worker registers ``on_order_completed`` with its broker
consumer for ``OrderCompletedIntegrationEvent``.
"""

from __future__ import annotations

from shop.contracts import OrderCompletedIntegrationEvent

from . import templates
from .mail import EmailSender, LoggingEmailSender

sender: EmailSender = LoggingEmailSender()


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:
    """E-mail the receipt of a completed order."""
    sender.deliver(
        templates.receipt(
            to=event.buyer_email,
            order_id=event.order_id,
            lines=event.lines,
            total=event.total,
            paid_on=event.completed_at.date(),
        )
    )
