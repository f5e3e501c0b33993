"""Composition root of the payment service."""

from __future__ import annotations

from shop.contracts import OrderSubmittedForPaymentIntegrationEvent
from shop.ordering.domain import OrderCancelledDomainEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .gateway import PaymentGateway
from .integration_event_handlers import OrderSubmittedForPaymentIntegrationEventHandler
from .order_listeners import VoidPaymentWhenOrderCancelledDomainEventHandler
from .refunds import RefundPaymentService
from .repository import InMemoryPaymentRepository


def wire_payment(
    *,
    mediator: Mediator,
    event_bus: EventBus,
    uow: UnitOfWork,
    gateway: PaymentGateway,
) -> RefundPaymentService:
    """Subscribe the payment handlers (on the mediator ordering uses) and return the refund use case."""
    payments = InMemoryPaymentRepository()
    voider = VoidPaymentWhenOrderCancelledDomainEventHandler(payments, mediator)
    mediator.subscribe(OrderCancelledDomainEvent, voider.handle)
    event_bus.subscribe(
        OrderSubmittedForPaymentIntegrationEvent,
        OrderSubmittedForPaymentIntegrationEventHandler(payments, gateway, mediator, uow, event_bus),
    )
    return RefundPaymentService(payments, mediator, uow, event_bus)
