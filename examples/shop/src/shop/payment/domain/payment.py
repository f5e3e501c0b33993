"""The Payment aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from uuid import UUID

from shop.seedwork import AggregateRoot, ValueObject

from .events import (
    PaymentCompletedDomainEvent,
    PaymentFailedDomainEvent,
    PaymentRefundedDomainEvent,
    PaymentVoidedDomainEvent,
)


class PaymentError(Exception):
    """A command would break an invariant of the payment model."""


class PaymentStatus(Enum):
    """The life cycle of a payment."""

    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"
    VOIDED = "voided"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class Money(ValueObject):
    """An amount in a currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise PaymentError("an amount cannot be negative")


class Payment(AggregateRoot[UUID]):
    """The payment of one order."""

    def __init__(self, payment_id: UUID, order_id: int, amount: Money) -> None:
        super().__init__(payment_id)
        self.order_id = order_id
        self.amount = amount
        self.status = PaymentStatus.PENDING
        self.transaction_reference: str | None = None

    @property
    def is_voidable(self) -> bool:
        """Whether the payment can still be voided."""
        return self.status is PaymentStatus.PENDING

    def complete(self, transaction_reference: str) -> None:
        """Record the captured amount."""
        self._require_pending()
        self.status = PaymentStatus.COMPLETED
        self.transaction_reference = transaction_reference
        self.add_domain_event(
            PaymentCompletedDomainEvent(payment_id=self.id, order_id=self.order_id, amount=self.amount.amount)
        )

    def fail(self, reason: str) -> None:
        """Record that the provider declined the payment."""
        self._require_pending()
        self.status = PaymentStatus.FAILED
        self.add_domain_event(PaymentFailedDomainEvent(payment_id=self.id, order_id=self.order_id, reason=reason))

    def void(self, reason: str) -> None:
        """Give up a pending payment."""
        self._require_pending()
        self.status = PaymentStatus.VOIDED
        self.add_domain_event(PaymentVoidedDomainEvent(payment_id=self.id, order_id=self.order_id, reason=reason))

    def refund(self) -> None:
        """Pay a completed payment back in full."""
        if self.status is not PaymentStatus.COMPLETED:
            raise PaymentError(f"payment {self.id} is {self.status.value} and cannot be refunded")
        self.status = PaymentStatus.REFUNDED
        self.add_domain_event(
            PaymentRefundedDomainEvent(payment_id=self.id, order_id=self.order_id, amount=self.amount.amount)
        )

    def _require_pending(self) -> None:
        if self.status is not PaymentStatus.PENDING:
            raise PaymentError(f"payment {self.id} is already {self.status.value}")
