"""Integration events published by the payment service."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import IntegrationEvent


@dataclass(frozen=True, kw_only=True)
class PaymentCompletedIntegrationEvent(IntegrationEvent):
    """The payment of an order was captured."""

    order_id: int
    payment_id: UUID
    amount: Decimal
    transaction_reference: str


@dataclass(frozen=True, kw_only=True)
class PaymentFailedIntegrationEvent(IntegrationEvent):
    """The payment provider declined the payment of an order."""

    order_id: int
    payment_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentRefundedIntegrationEvent(IntegrationEvent):
    """The payment of an order was paid back to the buyer."""

    order_id: int
    payment_id: UUID
    amount: Decimal
