"""Composition root of the ordering service."""

from __future__ import annotations

from shop.contracts import (
    BasketCheckedOutIntegrationEvent,
    PaymentCompletedIntegrationEvent,
    PaymentFailedIntegrationEvent,
)
from shop.payment.domain import PaymentVoidedDomainEvent
from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .application import domain_event_handlers as handlers
from .application.commands import CreateOrderCommandHandler
from .application.integration_event_handlers import (
    BasketCheckedOutIntegrationEventHandler,
    PaymentCompletedIntegrationEventHandler,
    PaymentFailedIntegrationEventHandler,
)
from .application.payment_audit import LogVoidedPaymentWhenPaymentVoidedDomainEventHandler, OrderPaymentLog
from .domain import events as ordering_events
from .infrastructure import InMemoryBuyerRepository, Session, SqlOrderRepository


def wire_ordering(
    *,
    mediator: Mediator,
    event_bus: EventBus,
    uow: UnitOfWork,
    outbox: Outbox,
    session: Session,
) -> CreateOrderCommandHandler:
    """Subscribe the ordering handlers and return the create-order use case."""
    orders = SqlOrderRepository(session)
    buyers = InMemoryBuyerRepository()
    payment_log = OrderPaymentLog()

    mediator.subscribe(
        ordering_events.OrderStartedDomainEvent,
        handlers.ValidateOrAddBuyerAggregateWhenOrderStartedDomainEventHandler(buyers, mediator).handle,
    )
    mediator.subscribe(
        ordering_events.OrderStartedDomainEvent,
        handlers.PublishOrderStartedWhenOrderStartedDomainEventHandler(outbox).handle,
    )
    mediator.subscribe(
        ordering_events.BuyerAndPaymentMethodVerifiedDomainEvent,
        handlers.UpdateOrderWhenBuyerAndPaymentMethodVerifiedDomainEventHandler(orders, mediator).handle,
    )
    mediator.subscribe(
        ordering_events.OrderSubmittedForPaymentDomainEvent,
        handlers.RequestPaymentWhenOrderSubmittedForPaymentDomainEventHandler(outbox).handle,
    )
    mediator.subscribe(
        ordering_events.OrderPaidDomainEvent,
        handlers.PublishOrderCompletedWhenOrderPaidDomainEventHandler(orders, buyers, outbox).handle,
    )
    mediator.subscribe(PaymentVoidedDomainEvent, LogVoidedPaymentWhenPaymentVoidedDomainEventHandler(payment_log).handle)

    create_order = CreateOrderCommandHandler(orders, mediator, uow)
    event_bus.subscribe(BasketCheckedOutIntegrationEvent, BasketCheckedOutIntegrationEventHandler(create_order))
    event_bus.subscribe(
        PaymentCompletedIntegrationEvent,
        PaymentCompletedIntegrationEventHandler(orders, mediator, uow),
    )
    event_bus.subscribe(PaymentFailedIntegrationEvent, PaymentFailedIntegrationEventHandler(orders, mediator, uow))
    return create_order
