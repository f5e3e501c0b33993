"""Integration events published by the catalog service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shop.seedwork.events import DomainEvent, IntegrationEvent


@dataclass(frozen=True, kw_only=True)
class ProductPriceChangedIntegrationEvent(IntegrationEvent):
    """The list price of a catalog product changed.

    Baskets holding the product update their line prices and keep the old
    price to warn the buyer.
    """

    product_id: int
    new_price: Decimal
    old_price: Decimal


@dataclass(frozen=True, kw_only=True)
class ProductDiscontinued(IntegrationEvent):  # expect: EVL102
    """A product was taken off sale for good; baskets drop it."""

    product_id: int
    discontinued_at: datetime


@dataclass(frozen=True, kw_only=True)
class CatalogItemAddedDomainEvent(DomainEvent):  # expect: EVL203
    """A product was added to the catalog.

    Moved here from the catalog domain "so that everybody can use it".
    """

    product_id: int
    name: str
    price: Decimal
