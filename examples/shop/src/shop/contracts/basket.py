"""Integration events published by the basket service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import IntegrationEvent


@dataclass(frozen=True)
class BasketLine:
    """One line of a checked-out basket, as the other services see it."""

    product_id: int
    product_name: str
    unit_price: Decimal
    quantity: int


@dataclass(frozen=True, kw_only=True)
class BasketCheckedOutIntegrationEvent(IntegrationEvent):
    """A buyer checked out their basket; ordering turns it into an order."""

    request_id: UUID
    user_id: UUID
    user_name: str
    user_email: str
    street: str
    city: str
    state: str
    country: str
    zip_code: str
    card_alias: str
    payment_token: str
    lines: list[BasketLine]
