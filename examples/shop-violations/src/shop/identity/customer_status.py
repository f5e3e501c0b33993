"""Customer status of user accounts, granted when a user orders for the first time.

Subscribes to every domain event on the shared mediator and picks ordering's
events out of the stream, instead of consuming an integration event.
"""

from __future__ import annotations

import shop.ordering.domain.events
from shop.ordering.domain import events as ordering_events
from shop.seedwork import DomainEvent, Mediator

from .repository import UserRepository

CUSTOMER_ROLE = "customer"
LOYAL_CUSTOMER_ROLE = "loyal-customer"


class CustomerStatusPolicy:
    """Grants the customer roles from the ordering history of a user."""

    def __init__(self, users: UserRepository, loyalty_threshold: int = 5) -> None:
        self._users = users
        self._loyalty_threshold = loyalty_threshold
        self._paid_orders: dict[object, int] = {}

    def __call__(self, event: DomainEvent) -> None:
        """React to the ordering events among all domain events."""
        if isinstance(event, ordering_events.OrderStartedDomainEvent):  # expect: EVL201
            self._users.get(event.user_id).grant(CUSTOMER_ROLE)
        elif isinstance(event, shop.ordering.domain.events.OrderPaidDomainEvent):  # expect: EVL201
            count = self._paid_orders.get(event.buyer_id, 0) + 1
            self._paid_orders[event.buyer_id] = count
            if count >= self._loyalty_threshold:
                self._users.get(event.buyer_id).grant(LOYAL_CUSTOMER_ROLE)


def register_customer_status(mediator: Mediator, users: UserRepository) -> None:
    """Feed every domain event to the policy."""
    mediator.subscribe(DomainEvent, CustomerStatusPolicy(users))
