"""Persistence of payments."""

from __future__ import annotations

from abc import ABC, abstractmethod
from uuid import UUID

from .domain import Payment


class PaymentRepository(ABC):
    """Collection-like access to Payment aggregates."""

    @abstractmethod
    def add(self, payment: Payment) -> None:
        """Add a new payment."""

    @abstractmethod
    def update(self, payment: Payment) -> None:
        """Save the changes of a payment."""

    @abstractmethod
    def find_by_order(self, order_id: int) -> Payment | None:
        """The latest payment of an order, if any."""


class InMemoryPaymentRepository(PaymentRepository):
    """Payments kept in a dictionary, for tests and local runs."""

    def __init__(self) -> None:
        self._payments: dict[UUID, Payment] = {}

    def add(self, payment: Payment) -> None:
        """Store a new payment."""
        self._payments[payment.id] = payment

    def update(self, payment: Payment) -> None:
        """Store the payment."""
        self._payments[payment.id] = payment

    def find_by_order(self, order_id: int) -> Payment | None:
        """Scan for the payments of the order."""
        matches = [payment for payment in self._payments.values() if payment.order_id == order_id]
        return matches[-1] if matches else None
