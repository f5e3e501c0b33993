"""Integration events the catalog owns itself, for the pricing partners.

Written by reusing the catalog model instead of the published language: the
partners' consumers now depend on the catalog's value objects and events.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.seedwork import IntegrationEvent

from .domain.events import ProductPriceChangedDomainEvent
from .domain.pricing import Money


@dataclass(frozen=True, kw_only=True)
class ProductRepricedIntegrationEvent(IntegrationEvent):
    """The list price of a product changed, in the partners' format."""

    product_id: int
    price: Money  # expect: EVL303
    cause: ProductPriceChangedDomainEvent  # expect: EVL303
