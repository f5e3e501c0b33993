"""The Order aggregate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING
from uuid import UUID

from shop.seedwork import AggregateRoot, Entity, ValueObject

from .events import (
    OrderCancelledDomainEvent,
    OrderPaidDomainEvent,
    OrderShipped,
    OrderStartedDomainEvent,
    OrderSubmittedForPaymentDomainEvent,
)

if TYPE_CHECKING:
    from .buyer import PaymentMethod


class OrderingDomainError(Exception):
    """A command would break an invariant of the ordering model."""


class OrderStatus(Enum):
    """The life cycle of an order."""

    SUBMITTED = "submitted"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Address(ValueObject):
    """Where an order is shipped."""

    street: str
    city: str
    state: str
    country: str
    zip_code: str


class OrderItem(Entity[int]):
    """One product line of an order."""

    def __init__(self, item_id: int, product_id: int, product_name: str, unit_price: Decimal, units: int) -> None:
        super().__init__(item_id)
        if units <= 0:
            raise OrderingDomainError("an order item needs at least one unit")
        self.product_id = product_id
        self.product_name = product_name
        self.unit_price = unit_price
        self.units = units

    def add_units(self, units: int) -> None:
        """Order ``units`` more of the same product."""
        if units <= 0:
            raise OrderingDomainError("cannot add a negative number of units")
        self.units += units

    @property
    def total(self) -> Decimal:
        """The price of the line."""
        return self.unit_price * self.units


class Order(AggregateRoot[int]):
    """An order placed by a buyer; it raises OrderStartedDomainEvent when created."""

    def __init__(
        self,
        order_id: int,
        user_id: UUID,
        user_name: str,
        user_email: str,
        address: Address,
        card_alias: str,
        payment_token: str,
    ) -> None:
        super().__init__(order_id)
        self.address = address
        self.status = OrderStatus.SUBMITTED
        self.buyer_id: UUID | None = None
        self.payment_method_id: int | None = None
        self._items: list[OrderItem] = []
        self.add_domain_event(
            OrderStartedDomainEvent(
                order=self,
                user_id=user_id,
                user_name=user_name,
                user_email=user_email,
                card_alias=card_alias,
                payment_token=payment_token,
            )
        )

    @property
    def items(self) -> tuple[OrderItem, ...]:
        """The lines of the order."""
        return tuple(self._items)

    @property
    def total(self) -> Decimal:
        """The amount the buyer pays."""
        return sum((item.total for item in self._items), Decimal("0"))

    def add_order_item(self, product_id: int, product_name: str, unit_price: Decimal, units: int) -> None:
        """Add a line, or more units to the line of the same product."""
        for item in self._items:
            if item.product_id == product_id:
                item.add_units(units)
                return
        self._items.append(OrderItem(len(self._items) + 1, product_id, product_name, unit_price, units))

    def set_buyer_and_payment_method(self, buyer_id: UUID, payment_method: PaymentMethod) -> None:
        """Attach the verified buyer and submit the order for payment."""
        self._require(OrderStatus.SUBMITTED)
        self.buyer_id = buyer_id
        self.payment_method_id = payment_method.id
        self.status = OrderStatus.AWAITING_PAYMENT
        self.add_domain_event(
            OrderSubmittedForPaymentDomainEvent(
                order_id=self.id,
                buyer_id=buyer_id,
                total=self.total,
                payment_token=payment_method.token,
            )
        )

    def mark_as_paid(self) -> None:
        """Record that the payment was captured."""
        self._require(OrderStatus.AWAITING_PAYMENT)
        self.status = OrderStatus.PAID
        self.add_domain_event(OrderPaidDomainEvent(order_id=self.id, buyer_id=self._buyer(), total=self.total))

    def ship(self) -> None:
        """Record that the order left the warehouse."""
        self._require(OrderStatus.PAID)
        self.status = OrderStatus.SHIPPED
        self.add_domain_event(OrderShipped(order_id=self.id, buyer_id=self._buyer()))

    def cancel(self, reason: str) -> None:
        """Cancel the order unless it was already paid for or shipped."""
        if self.status in (OrderStatus.PAID, OrderStatus.SHIPPED):
            raise OrderingDomainError(f"order {self.id} is {self.status.value} and cannot be cancelled")
        self.status = OrderStatus.CANCELLED
        self.add_domain_event(OrderCancelledDomainEvent(order_id=self.id, buyer_id=self.buyer_id, reason=reason))

    def _buyer(self) -> UUID:
        if self.buyer_id is None:
            raise OrderingDomainError(f"order {self.id} has no buyer yet")
        return self.buyer_id

    def _require(self, status: OrderStatus) -> None:
        if self.status is not status:
            raise OrderingDomainError(f"order {self.id} is {self.status.value}, expected {status.value}")
