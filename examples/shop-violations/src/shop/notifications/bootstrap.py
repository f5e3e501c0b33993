"""Composition root of the notifications service."""

from __future__ import annotations

from shop.contracts import OrderCompletedIntegrationEvent, SendOrderConfirmationEmail
from shop.identity.integration_events import UserRegisteredIntegrationEvent
from shop.seedwork import EventBus, Mediator

from .handlers import (
    OrderCompletedIntegrationEventHandler,
    SendOrderConfirmationEmailHandler,
    UserRegisteredIntegrationEventHandler,
)
from .legacy_sms import LegacySmsNotifier, register_legacy_sms
from .mail import EmailSender
from .order_status import OrderStatusMailer, RecipientDirectory, register_order_status_mails


def wire_notifications(*, mediator: Mediator, event_bus: EventBus, sender: EmailSender) -> None:
    """Subscribe the e-mail handlers to the broker and the status mailers to the mediator."""
    event_bus.subscribe(OrderCompletedIntegrationEvent, OrderCompletedIntegrationEventHandler(sender))
    event_bus.subscribe(SendOrderConfirmationEmail, SendOrderConfirmationEmailHandler(sender))
    event_bus.subscribe(UserRegisteredIntegrationEvent, UserRegisteredIntegrationEventHandler(sender))
    register_order_status_mails(mediator, OrderStatusMailer(sender, RecipientDirectory()))
    register_legacy_sms(mediator, LegacySmsNotifier())
