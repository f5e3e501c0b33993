"""Composition root of the payment service."""

from __future__ import annotations

from shop.contracts import OrderSubmittedForPaymentIntegrationEvent
from shop.ordering.domain import OrderCancelledDomainEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .gateway import PaymentGateway
from .integration_event_handlers import OrderSubmittedForPaymentIntegrationEventHandler
from .order_listeners import VoidPaymentWhenOrderCancelledDomainEventHandler
from .repository import InMemoryPaymentRepository


def wire_payment(*, mediator: Mediator, event_bus: EventBus, uow: UnitOfWork, gateway: PaymentGateway) -> None:
    """Subscribe the payment handlers; the mediator is the one ordering uses."""
    payments = InMemoryPaymentRepository()
    mediator.subscribe(OrderCancelledDomainEvent, VoidPaymentWhenOrderCancelledDomainEventHandler(payments, mediator).handle)
    event_bus.subscribe(
        OrderSubmittedForPaymentIntegrationEvent,
        OrderSubmittedForPaymentIntegrationEventHandler(payments, gateway, mediator, uow, event_bus),
    )
