"""Storage of customer baskets."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from uuid import UUID

from .domain import CustomerBasket


class BasketRepository(ABC):
    """Collection-like access to CustomerBasket aggregates."""

    @abstractmethod
    def get(self, buyer_id: UUID) -> CustomerBasket:
        """The basket of a buyer, empty if they have none yet."""

    @abstractmethod
    def update(self, basket: CustomerBasket) -> None:
        """Save a basket."""

    @abstractmethod
    def delete(self, buyer_id: UUID) -> None:
        """Forget the basket of a buyer."""

    @abstractmethod
    def containing(self, product_id: int) -> Iterator[CustomerBasket]:
        """Every basket holding ``product_id``."""


class InMemoryBasketRepository(BasketRepository):
    """Baskets kept in a dictionary, for tests and local runs."""

    def __init__(self) -> None:
        self._baskets: dict[UUID, CustomerBasket] = {}

    def get(self, buyer_id: UUID) -> CustomerBasket:
        """Look the basket up, or start an empty one."""
        return self._baskets.get(buyer_id) or CustomerBasket(buyer_id)

    def update(self, basket: CustomerBasket) -> None:
        """Store the basket."""
        self._baskets[basket.id] = basket

    def delete(self, buyer_id: UUID) -> None:
        """Drop the basket if there is one."""
        self._baskets.pop(buyer_id, None)

    def containing(self, product_id: int) -> Iterator[CustomerBasket]:
        """Scan the baskets for the product."""
        return (basket for basket in list(self._baskets.values()) if basket.contains(product_id))
