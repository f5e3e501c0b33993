"""Integration events published by the catalog service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.seedwork.events import IntegrationEvent


@dataclass(frozen=True, kw_only=True)
class ProductPriceChangedIntegrationEvent(IntegrationEvent):
    """The list price of a catalog product changed.

    Baskets holding the product update their line prices and keep the old
    price to warn the buyer.
    """

    product_id: int
    new_price: Decimal
    old_price: Decimal
