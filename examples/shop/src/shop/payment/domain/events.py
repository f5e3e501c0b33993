"""Domain events of the payment context."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PaymentCompletedDomainEvent(DomainEvent):
    """The provider captured the amount of a payment."""

    payment_id: UUID
    order_id: int
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class PaymentFailedDomainEvent(DomainEvent):
    """The provider declined a payment."""

    payment_id: UUID
    order_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentVoidedDomainEvent(DomainEvent):
    """A pending payment was voided because its order was cancelled."""

    payment_id: UUID
    order_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentRefundedDomainEvent(DomainEvent):
    """A completed payment was paid back to the buyer."""

    payment_id: UUID
    order_id: int
    amount: Decimal
