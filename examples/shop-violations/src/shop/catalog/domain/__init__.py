"""The catalog domain model."""

from .events import ProductPriceChangedDomainEvent, StockReplenished
from .pricing import Money
from .product import CatalogDomainError, Product
from .stock import StockReservedDomainEvent, reserve_stock

__all__ = [
    "CatalogDomainError",
    "Money",
    "Product",
    "ProductPriceChangedDomainEvent",
    "StockReplenished",
    "StockReservedDomainEvent",
    "reserve_stock",
]
