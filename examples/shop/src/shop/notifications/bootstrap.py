"""Composition root of the notifications service."""

from __future__ import annotations

from shop.contracts import OrderCompletedIntegrationEvent
from shop.identity.integration_events import UserRegisteredIntegrationEvent
from shop.seedwork import EventBus

from .handlers import OrderCompletedIntegrationEventHandler, UserRegisteredIntegrationEventHandler
from .mail import EmailSender


def wire_notifications(*, event_bus: EventBus, sender: EmailSender) -> None:
    """Subscribe the e-mail handlers to the broker."""
    event_bus.subscribe(OrderCompletedIntegrationEvent, OrderCompletedIntegrationEventHandler(sender))
    event_bus.subscribe(UserRegisteredIntegrationEvent, UserRegisteredIntegrationEventHandler(sender))
