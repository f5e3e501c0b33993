"""Prices with their currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.seedwork import ValueObject

from .product import CatalogDomainError


@dataclass(frozen=True)
class Money(ValueObject):
    """An amount in a currency, as the catalog lists it."""

    amount: Decimal
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise CatalogDomainError("a price cannot be negative")
