"""Telling the basket service that a basket became an order, the in-process way.

Used by the single-process deployment, where the basket handlers are also
subscribed on the mediator: the integration event goes through the mediator
instead of the broker, synchronously and inside ordering's transaction.
"""

from __future__ import annotations

from shop.contracts import OrderStartedIntegrationEvent
from shop.ordering.domain import OrderStartedDomainEvent
from shop.seedwork import Mediator


class AnnounceOrderStartedWhenOrderStartedDomainEventHandler:
    """Hands OrderStartedIntegrationEvent to the in-process subscribers."""

    def __init__(self, mediator: Mediator) -> None:
        self.mediator = mediator

    def handle(self, event: OrderStartedDomainEvent) -> None:
        """Announce the new order to the baskets."""
        started = OrderStartedIntegrationEvent(user_id=event.user_id, order_id=event.order.id)
        self.mediator.publish(started)  # expect: EVL301
