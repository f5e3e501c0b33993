"""Rounding list prices to price points that end in .99."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from shop.seedwork import DomainEvent, EventBus, Mediator, UnitOfWork

from .domain import ProductPriceChangedDomainEvent
from .repository import ProductRepository
from .translation import to_integration_event

_ONE = Decimal("1")
_CENT = Decimal("0.01")


def price_point(price: Decimal) -> Decimal:
    """The smallest price ending in .99 that is not below ``price``."""
    return (price + _CENT).quantize(_ONE, rounding=ROUND_CEILING) - _CENT


class PriceRoundingJob:
    """Rounds the prices of many products in one transaction.

    The price changes are announced once the transaction has committed,
    translated from the domain events the products raised.
    """

    def __init__(self, products: ProductRepository, mediator: Mediator, uow: UnitOfWork, event_bus: EventBus) -> None:
        self.products = products
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus

    def run(self, product_ids: Iterable[int]) -> int:
        """Round every listed price; return how many prices changed."""
        price_changes: list[DomainEvent] = []
        for product_id in product_ids:
            product = self.products.get(product_id)
            rounded = price_point(product.price)
            if rounded == product.price:
                continue
            product.change_price(rounded)
            self.products.update(product)
            price_changes.extend(product.pull_domain_events())
        self.mediator.publish_all(price_changes)
        self.uow.commit()

        for event in price_changes:
            if isinstance(event, ProductPriceChangedDomainEvent):
                self._announce(event)
        return len(price_changes)

    def _announce(self, event: ProductPriceChangedDomainEvent) -> None:
        self.event_bus.publish(to_integration_event(event))
