"""Persistence of catalog products."""

from __future__ import annotations

from abc import ABC, abstractmethod

from .domain import Product


class ProductRepository(ABC):
    """Collection-like access to Product aggregates."""

    @abstractmethod
    def get(self, product_id: int) -> Product:
        """Load a product, or raise KeyError."""

    @abstractmethod
    def update(self, product: Product) -> None:
        """Save the changes of a product."""


class InMemoryProductRepository(ProductRepository):
    """Products kept in a dictionary, for tests and local runs."""

    def __init__(self, products: list[Product] | None = None) -> None:
        self._products = {product.id: product for product in products or []}

    def get(self, product_id: int) -> Product:
        """Look a product up by id."""
        return self._products[product_id]

    def update(self, product: Product) -> None:
        """Store the product."""
        self._products[product.id] = product
