"""Domain events of the basket context."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shop.catalog.domain.events import ProductPriceChangedDomainEvent  # expect: EVL201


@dataclass(frozen=True, kw_only=True)
class BasketItemPriceChangedDomainEvent(ProductPriceChangedDomainEvent):  # expect: EVL201
    """The price of an item in one buyer's basket changed.

    Derives from the catalog event to reuse its fields.
    """

    buyer_id: UUID
