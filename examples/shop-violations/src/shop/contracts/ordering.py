"""Integration events published by the ordering service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import shop.seedwork as seedwork
from shop.ordering.domain import Order, OrderItem, OrderStatus


@dataclass(frozen=True)
class OrderLine:
    """One line of an order, as the other services see it."""

    product_id: int
    product_name: str
    units: int
    unit_price: Decimal


@dataclass(frozen=True, kw_only=True)
class OrderStartedIntegrationEvent(seedwork.IntegrationEvent):
    """An order was started from a basket; the basket can be emptied."""

    user_id: UUID
    order_id: int


@dataclass(frozen=True, kw_only=True)
class OrderSubmittedForPaymentIntegrationEvent(seedwork.IntegrationEvent):
    """An order was validated and is waiting for its payment."""

    order_id: int
    buyer_id: UUID
    total: Decimal
    currency: str
    payment_token: str


@dataclass(frozen=True, kw_only=True)
class SendOrderConfirmationEmail(seedwork.IntegrationEvent):  # expect: EVL102, EVL104
    """Asks the notifications service to send an order confirmation again."""

    order_id: int
    buyer_name: str
    buyer_email: str
    total: Decimal
    lines: list[OrderLine]


@dataclass(frozen=True, kw_only=True)
class OrderCompletedIntegrationEvent(seedwork.IntegrationEvent):
    """An order was paid for and is complete; the buyer gets a confirmation."""

    order_id: int
    buyer_id: UUID
    buyer_name: str
    buyer_email: str
    total: Decimal
    lines: list[OrderLine]
    completed_at: datetime


@dataclass(frozen=True, kw_only=True)
class OrderShippedIntegrationEvent(seedwork.IntegrationEvent):
    """A paid order left the warehouse.

    Carries ordering's own model "so that consumers have everything": every
    service that reads it now breaks when the Order aggregate changes.
    """

    order: Order  # expect: EVL303
    items: list[OrderItem]  # expect: EVL303
    status: OrderStatus  # expect: EVL303
    shipped_at: datetime
