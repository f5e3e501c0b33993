"""Handlers of the integration events that trigger e-mails."""

from __future__ import annotations

from shop.contracts.ordering import OrderCompletedIntegrationEvent, SendOrderConfirmationEmail
from shop.identity.integration_events import UserRegisteredIntegrationEvent

from . import templates
from .mail import EmailSender


class OrderCompletedIntegrationEventHandler:
    """Sends the order confirmation e-mail."""

    def __init__(self, sender: EmailSender) -> None:
        self._sender = sender

    def handle(self, event: OrderCompletedIntegrationEvent) -> None:
        """Render and send the confirmation."""
        message = templates.order_confirmation(
            to=event.buyer_email,
            buyer_name=event.buyer_name,
            order_id=event.order_id,
            lines=event.lines,
            total=event.total,
        )
        self._sender.deliver(message)


class SendOrderConfirmationEmailHandler:
    """Sends an order confirmation again, on ordering's request."""

    def __init__(self, sender: EmailSender) -> None:
        self._sender = sender

    def handle(self, event: SendOrderConfirmationEmail) -> None:
        """Render and send the confirmation."""
        message = templates.order_confirmation(
            to=event.buyer_email,
            buyer_name=event.buyer_name,
            order_id=event.order_id,
            lines=event.lines,
            total=event.total,
        )
        self._sender.deliver(message)


class UserRegisteredIntegrationEventHandler:
    """Sends the welcome e-mail."""

    def __init__(self, sender: EmailSender) -> None:
        self._sender = sender

    def handle(self, event: UserRegisteredIntegrationEvent) -> None:
        """Render and send the greeting."""
        self._sender.deliver(templates.welcome(to=event.email, display_name=event.display_name))
