"""The catalog domain model."""

from .events import ProductPriceChangedDomainEvent, ProductStockReplenishedDomainEvent
from .product import CatalogDomainError, Product

__all__ = [
    "CatalogDomainError",
    "Product",
    "ProductPriceChangedDomainEvent",
    "ProductStockReplenishedDomainEvent",
]
