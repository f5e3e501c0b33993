"""Composition root of the payment service."""

from __future__ import annotations

from shop.contracts import OrderSubmittedForPaymentIntegrationEvent
from shop.ordering.domain import OrderCancelledDomainEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .expiry import PaymentExpiryService
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
) -> tuple[RefundPaymentService, PaymentExpiryService]:
    """Subscribe the payment handlers (on the mediator ordering uses); return the back-office use cases."""
    payments = InMemoryPaymentRepository()
    mediator.subscribe(OrderCancelledDomainEvent, VoidPaymentWhenOrderCancelledDomainEventHandler(payments, mediator).handle)
    event_bus.subscribe(
        OrderSubmittedForPaymentIntegrationEvent,
        OrderSubmittedForPaymentIntegrationEventHandler(payments, gateway, mediator, uow, event_bus),
    )
    refunds = RefundPaymentService(payments, mediator, uow, event_bus)
    return refunds, PaymentExpiryService(payments, mediator, uow, event_bus)
