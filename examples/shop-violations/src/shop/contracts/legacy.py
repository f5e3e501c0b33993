"""Events kept from the monolith for the nightly reporting export."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OrderPlacedDomainEvent(DomainEvent):  # expect: EVL203
    """An order was placed, as the monolith's reporting job knew it."""

    order_id: int
    buyer_id: UUID
    total: Decimal
