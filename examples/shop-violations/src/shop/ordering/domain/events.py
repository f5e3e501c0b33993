"""Domain events of the ordering context.

They are dispatched in-process by the mediator, inside the unit of work of
the command that raised them, and never leave the ordering context (apart
from the payment context, with which ordering shares a kernel).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from .events_base import OrderingDomainEvent

if TYPE_CHECKING:
    from .buyer import Buyer, PaymentMethod
    from .order import Order


@dataclass(frozen=True, kw_only=True)
class OrderStartedDomainEvent(OrderingDomainEvent):
    """An order was created from a checked-out basket; the user becomes a buyer."""

    order: Order
    user_id: UUID
    user_name: str
    user_email: str
    card_alias: str
    payment_token: str


@dataclass(frozen=True, kw_only=True)
class BuyerAndPaymentMethodVerifiedDomainEvent(OrderingDomainEvent):
    """The buyer of an order exists and holds the payment method used for it."""

    buyer: Buyer
    payment_method: PaymentMethod
    order_id: int


@dataclass(frozen=True, kw_only=True)
class OrderSubmittedForPaymentDomainEvent(OrderingDomainEvent):
    """A validated order now waits for its payment."""

    order_id: int
    buyer_id: UUID
    total: Decimal
    payment_token: str


@dataclass(frozen=True, kw_only=True)
class OrderPaidDomainEvent(OrderingDomainEvent):
    """The payment of an order was captured."""

    order_id: int
    buyer_id: UUID
    total: Decimal


@dataclass(frozen=True, kw_only=True)
class OrderShipped(OrderingDomainEvent):  # expect: EVL101
    """A paid order left the warehouse.

    Named before the team agreed on the ``DomainEvent`` suffix.
    """

    order_id: int
    buyer_id: UUID


@dataclass(frozen=True, kw_only=True)
class OrderCancelledDomainEvent(OrderingDomainEvent):
    """An order was cancelled before it was shipped."""

    order_id: int
    buyer_id: UUID | None
    reason: str
