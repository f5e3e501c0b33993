"""The payment log of orders, fed by payment domain events.

Ordering and payment share a kernel, so ordering may subscribe to payment's
domain events on the shared mediator, inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shop.payment.domain.events import PaymentVoidedDomainEvent


@dataclass(frozen=True)
class PaymentLogEntry:
    """Something that happened to the payment of an order."""

    order_id: int
    payment_id: UUID
    note: str
    logged_at: datetime


class OrderPaymentLog:
    """The payment notes shown with an order in the back office."""

    def __init__(self) -> None:
        self._entries: list[PaymentLogEntry] = []

    def append(self, entry: PaymentLogEntry) -> None:
        """Add a note."""
        self._entries.append(entry)

    def for_order(self, order_id: int) -> list[PaymentLogEntry]:
        """The notes of one order, oldest first."""
        return [entry for entry in self._entries if entry.order_id == order_id]


class LogVoidedPaymentWhenPaymentVoidedDomainEventHandler:
    """Notes on the order that its payment was voided."""

    def __init__(self, log: OrderPaymentLog) -> None:
        self._log = log

    def handle(self, event: PaymentVoidedDomainEvent) -> None:
        """Append the void and its reason to the order's payment log."""
        self._log.append(
            PaymentLogEntry(
                order_id=event.order_id,
                payment_id=event.payment_id,
                note=f"payment voided: {event.reason}",
                logged_at=event.occurred_on,
            )
        )
