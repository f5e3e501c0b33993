"""Order drafts: the preview of an order shown on the checkout page.

A draft is never persisted as an order; it lets the buyer see the total
before confirming.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import AggregateRoot

from .events_base import OrderingDomainEvent


@dataclass(frozen=True, kw_only=True)
class CreateOrderDraft(OrderingDomainEvent):  # expect: EVL101, EVL104
    """Raised when a draft is computed for a buyer's basket."""

    draft_id: UUID
    buyer_id: UUID


@dataclass(frozen=True, kw_only=True)
class OrderCreationDomainEvent(OrderingDomainEvent):  # expect: EVL104
    """Raised when the buyer confirms a draft."""

    draft_id: UUID
    buyer_id: UUID
    total: Decimal


@dataclass(frozen=True)
class DraftLine:
    """One line of a draft."""

    product_id: int
    product_name: str
    unit_price: Decimal
    units: int


class OrderDraft(AggregateRoot[UUID]):
    """The preview of an order."""

    def __init__(self, draft_id: UUID, buyer_id: UUID) -> None:
        super().__init__(draft_id)
        self.buyer_id = buyer_id
        self.confirmed = False
        self._lines: list[DraftLine] = []
        self.add_domain_event(CreateOrderDraft(draft_id=draft_id, buyer_id=buyer_id))

    @property
    def lines(self) -> tuple[DraftLine, ...]:
        """The lines of the draft."""
        return tuple(self._lines)

    @property
    def total(self) -> Decimal:
        """What the order would cost."""
        return sum((line.unit_price * line.units for line in self._lines), Decimal("0"))

    def add_line(self, product_id: int, product_name: str, unit_price: Decimal, units: int) -> None:
        """Add a product to the preview."""
        self._lines.append(DraftLine(product_id, product_name, unit_price, units))

    def confirm(self) -> None:
        """The buyer accepts the draft; the order is created from it."""
        if not self.confirmed:
            self.confirmed = True
            self.add_domain_event(OrderCreationDomainEvent(draft_id=self.id, buyer_id=self.buyer_id, total=self.total))
