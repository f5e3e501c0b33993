"""Reserving stock for orders that are waiting for their payment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from .product import CatalogDomainError, Product


@dataclass(frozen=True)
class StockReservedDomainEvent:  # expect: EVL105
    """Units of a product were set aside for an order.

    Written as a plain dataclass: nothing dispatches it, the reservation
    service just returns it to the caller.
    """

    product_id: int
    order_id: int
    units: int
    reserved_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


def reserve_stock(product: Product, order_id: int, units: int) -> StockReservedDomainEvent:
    """Set ``units`` units of ``product`` aside for ``order_id``."""
    if product.discontinued:
        raise CatalogDomainError(f"product {product.id} is discontinued")
    if product.available_stock < units:
        raise CatalogDomainError(f"only {product.available_stock} units of product {product.id} in stock")
    product.remove_stock(units)
    return StockReservedDomainEvent(product_id=product.id, order_id=order_id, units=units)
