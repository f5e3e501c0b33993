"""Handlers of the integration events the ordering service consumes from the broker."""

from __future__ import annotations

from shop.contracts import (
    CheckoutBasketIntegrationEvent,
    PaymentCompletedIntegrationEvent,
    PaymentFailedIntegrationEvent,
)
from shop.seedwork import Mediator, UnitOfWork

from ..domain import Address, Order
from ..infrastructure import OrderRepository
from .commands import CreateOrderCommand, CreateOrderCommandHandler, OrderLineDto


class CheckoutBasketIntegrationEventHandler:
    """Turns a checked-out basket into a create-order command."""

    def __init__(self, create_order: CreateOrderCommandHandler) -> None:
        self._create_order = create_order

    def handle(self, event: CheckoutBasketIntegrationEvent) -> None:
        """Create the order described by the basket."""
        command = CreateOrderCommand(
            request_id=event.request_id,
            user_id=event.user_id,
            user_name=event.user_name,
            user_email=event.user_email,
            address=Address(
                street=event.street,
                city=event.city,
                state=event.state,
                country=event.country,
                zip_code=event.zip_code,
            ),
            card_alias=event.card_alias,
            payment_token=event.payment_token,
            lines=[
                OrderLineDto(
                    product_id=line.product_id,
                    product_name=line.product_name,
                    unit_price=line.unit_price,
                    units=line.quantity,
                )
                for line in event.lines
            ],
        )
        self._create_order.handle(command)


class _PaymentOutcomeHandler:
    """Shared plumbing of the payment outcome handlers."""

    def __init__(self, orders: OrderRepository, mediator: Mediator, uow: UnitOfWork) -> None:
        self.orders = orders
        self.mediator = mediator
        self.uow = uow

    def _dispatch_and_commit(self, order: Order) -> None:
        for domain_event in order.pull_domain_events():
            self.mediator.publish(domain_event)
        self.uow.commit()


class PaymentCompletedIntegrationEventHandler(_PaymentOutcomeHandler):
    """Marks the order as paid."""

    def handle(self, event: PaymentCompletedIntegrationEvent) -> None:
        """Record the captured payment on the order."""
        order = self.orders.get(event.order_id)
        order.mark_as_paid()
        self._dispatch_and_commit(order)


class PaymentFailedIntegrationEventHandler(_PaymentOutcomeHandler):
    """Cancels an order whose payment was declined."""

    def handle(self, event: PaymentFailedIntegrationEvent) -> None:
        """Cancel the order with the provider's reason."""
        order = self.orders.get(event.order_id)
        order.cancel(f"payment declined: {event.reason}")
        self._dispatch_and_commit(order)
