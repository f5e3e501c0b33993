"""The price history of catalog products, fed by a domain event handler."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .domain.events import ProductPriceChangedDomainEvent


@dataclass(frozen=True)
class PriceHistoryEntry:
    """One price a product had from ``valid_from`` on."""

    product_id: int
    price: Decimal
    valid_from: datetime


class PriceHistory:
    """Every price each product ever had, oldest first."""

    def __init__(self) -> None:
        self._entries: dict[int, list[PriceHistoryEntry]] = {}

    def record(self, entry: PriceHistoryEntry) -> None:
        """Append a price to the history of its product."""
        self._entries.setdefault(entry.product_id, []).append(entry)

    def of(self, product_id: int) -> list[PriceHistoryEntry]:
        """The history of one product."""
        return list(self._entries.get(product_id, []))


class RecordPriceHistoryWhenProductPriceChangedDomainEventHandler:
    """Appends every new price to the history, in the same transaction."""

    def __init__(self, history: PriceHistory) -> None:
        self._history = history

    def handle(self, event: ProductPriceChangedDomainEvent) -> None:
        """Record the new price, valid from the moment it changed."""
        self._history.record(
            PriceHistoryEntry(product_id=event.product_id, price=event.new_price, valid_from=event.occurred_on)
        )
