"""The ordering domain model: Order and Buyer aggregates and their domain events."""

from .buyer import Buyer, PaymentMethod
from .events import (
    BuyerAndPaymentMethodVerifiedDomainEvent,
    OrderCancelledDomainEvent,
    OrderPaidDomainEvent,
    OrderShipped,
    OrderStartedDomainEvent,
    OrderSubmittedForPaymentDomainEvent,
)
from .events_base import OrderingDomainEvent
from .order import Address, Order, OrderingDomainError, OrderItem, OrderStatus

__all__ = [
    "Address",
    "Buyer",
    "BuyerAndPaymentMethodVerifiedDomainEvent",
    "Order",
    "OrderCancelledDomainEvent",
    "OrderItem",
    "OrderPaidDomainEvent",
    "OrderShipped",
    "OrderStartedDomainEvent",
    "OrderStatus",
    "OrderSubmittedForPaymentDomainEvent",
    "OrderingDomainError",
    "OrderingDomainEvent",
    "PaymentMethod",
]
