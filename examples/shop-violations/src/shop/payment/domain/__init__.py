"""The payment domain model."""

from .events import (
    PaymentCompletedDomainEvent,
    PaymentFailedDomainEvent,
    PaymentRefundedIntegrationEvent,
    PaymentVoidedDomainEvent,
)
from .payment import Money, Payment, PaymentError, PaymentStatus

__all__ = [
    "Money",
    "Payment",
    "PaymentCompletedDomainEvent",
    "PaymentError",
    "PaymentFailedDomainEvent",
    "PaymentRefundedIntegrationEvent",
    "PaymentStatus",
    "PaymentVoidedDomainEvent",
]
