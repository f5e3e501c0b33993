"""The Product aggregate."""

from __future__ import annotations

from decimal import Decimal

from shop.seedwork import AggregateRoot

from .events import ProductPriceChangedDomainEvent, ProductStockReplenishedDomainEvent


class CatalogDomainError(Exception):
    """A command would break an invariant of the catalog model."""


class Product(AggregateRoot[int]):
    """A product on sale, with its list price and available stock."""

    def __init__(self, product_id: int, name: str, price: Decimal, available_stock: int = 0) -> None:
        super().__init__(product_id)
        if price <= 0:
            raise CatalogDomainError("a product needs a positive price")
        self.name = name
        self.price = price
        self.available_stock = available_stock

    def change_price(self, new_price: Decimal) -> None:
        """Set a new list price and record the change."""
        if new_price <= 0:
            raise CatalogDomainError("a product needs a positive price")
        if new_price == self.price:
            return
        old_price, self.price = self.price, new_price
        self.add_domain_event(
            ProductPriceChangedDomainEvent(product_id=self.id, old_price=old_price, new_price=new_price)
        )

    def add_stock(self, units: int) -> None:
        """Receive ``units`` more units into the warehouse."""
        if units <= 0:
            raise CatalogDomainError("stock is replenished by a positive number of units")
        self.available_stock += units
        self.add_domain_event(
            ProductStockReplenishedDomainEvent(
                product_id=self.id,
                added_units=units,
                available_stock=self.available_stock,
            )
        )

    def remove_stock(self, units: int) -> int:
        """Take up to ``units`` units out of stock; return how many were taken."""
        if units <= 0:
            raise CatalogDomainError("stock is removed by a positive number of units")
        taken = min(units, self.available_stock)
        self.available_stock -= taken
        return taken
