"""Handlers of the ordering domain events.

They run synchronously inside the unit of work of the command that raised the
event. Where another service must learn about the change, the handler writes
an integration event to the transactional outbox, which commits together with
the orders.
"""

from __future__ import annotations

from shop.contracts import (
    OrderCompletedIntegrationEvent,
    OrderLine,
    OrderStartedIntegrationEvent,
    OrderSubmittedForPaymentIntegrationEvent,
)
from shop.ordering.domain import (
    Buyer,
    BuyerAndPaymentMethodVerifiedDomainEvent,
    OrderPaidDomainEvent,
    OrderStartedDomainEvent,
    OrderSubmittedForPaymentDomainEvent,
)
from shop.seedwork import Mediator, Outbox

from ..infrastructure import BuyerRepository, OrderRepository

PAYMENT_CURRENCY = "EUR"


class ValidateOrAddBuyerAggregateWhenOrderStartedDomainEventHandler:
    """Makes the user who started an order a buyer, with a verified payment method."""

    def __init__(self, buyers: BuyerRepository, mediator: Mediator) -> None:
        self.buyers = buyers
        self.mediator = mediator

    def handle(self, event: OrderStartedDomainEvent) -> None:
        """Create the buyer on their first order and verify the card used."""
        buyer = self.buyers.find(event.user_id)
        if buyer is None:
            buyer = Buyer(event.user_id, event.user_name, event.user_email)
            self.buyers.add(buyer)
        buyer.verify_or_add_payment_method(
            alias=event.card_alias,
            token=event.payment_token,
            order_id=event.order.id,
        )
        for domain_event in buyer.pull_domain_events():
            self.mediator.publish(domain_event)


class PublishOrderStartedWhenOrderStartedDomainEventHandler:
    """Tells the basket service, through the outbox, that the basket became an order."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def handle(self, event: OrderStartedDomainEvent) -> None:
        """Write OrderStartedIntegrationEvent in the current transaction."""
        self.outbox.add(OrderStartedIntegrationEvent(user_id=event.user_id, order_id=event.order.id))


class UpdateOrderWhenBuyerAndPaymentMethodVerifiedDomainEventHandler:
    """Attaches the verified buyer and payment method to the order."""

    def __init__(self, orders: OrderRepository, mediator: Mediator) -> None:
        self.orders = orders
        self.mediator = mediator

    def handle(self, event: BuyerAndPaymentMethodVerifiedDomainEvent) -> None:
        """Submit the order for payment with the verified card."""
        order = self.orders.get(event.order_id)
        order.set_buyer_and_payment_method(event.buyer.id, event.payment_method)
        for domain_event in order.pull_domain_events():
            self.mediator.publish(domain_event)


class RequestPaymentWhenOrderSubmittedForPaymentDomainEventHandler:
    """Asks the payment service, through the outbox, to charge the order."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def handle(self, event: OrderSubmittedForPaymentDomainEvent) -> None:
        """Write OrderSubmittedForPaymentIntegrationEvent in the current transaction."""
        request = OrderSubmittedForPaymentIntegrationEvent(
            order_id=event.order_id,
            buyer_id=event.buyer_id,
            total=event.total,
            currency=PAYMENT_CURRENCY,
            payment_token=event.payment_token,
        )
        self.outbox.add(request)


class PublishOrderCompletedWhenOrderPaidDomainEventHandler:
    """Announces a completed order, through the outbox, once it is paid for."""

    def __init__(self, orders: OrderRepository, buyers: BuyerRepository, outbox: Outbox) -> None:
        self.orders = orders
        self.buyers = buyers
        self.outbox = outbox

    def handle(self, event: OrderPaidDomainEvent) -> None:
        """Write OrderCompletedIntegrationEvent with the lines of the order."""
        order = self.orders.get(event.order_id)
        buyer = self.buyers.get(event.buyer_id)
        lines = [
            OrderLine(
                product_id=item.product_id,
                product_name=item.product_name,
                units=item.units,
                unit_price=item.unit_price,
            )
            for item in order.items
        ]
        self.outbox.add(
            OrderCompletedIntegrationEvent(
                order_id=order.id,
                buyer_id=buyer.id,
                buyer_name=buyer.name,
                buyer_email=buyer.email,
                total=event.total,
                lines=lines,
                completed_at=event.occurred_on,
            )
        )
