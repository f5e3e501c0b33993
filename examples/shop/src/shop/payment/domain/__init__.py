"""The payment domain model."""

from .events import (
    PaymentCompletedDomainEvent,
    PaymentFailedDomainEvent,
    PaymentRefundedDomainEvent,
    PaymentVoidedDomainEvent,
)
from .payment import Money, Payment, PaymentError, PaymentStatus

__all__ = [
    "Money",
    "Payment",
    "PaymentCompletedDomainEvent",
    "PaymentError",
    "PaymentFailedDomainEvent",
    "PaymentRefundedDomainEvent",
    "PaymentStatus",
    "PaymentVoidedDomainEvent",
]
