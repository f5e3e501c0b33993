"""Domain events of the catalog context."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop import seedwork


@dataclass(frozen=True, kw_only=True)
class ProductPriceChangedDomainEvent(seedwork.DomainEvent):
    """The price of a product changed; the catalog keeps a price history."""

    product_id: int
    old_price: Decimal
    new_price: Decimal


@dataclass(frozen=True, kw_only=True)
class StockReplenished(seedwork.DomainEvent):  # expect: EVL101
    """Units of a product were added to the stock."""

    product_id: int
    added_units: int
    available_stock: int
