"""The CustomerBasket aggregate."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from shop.seedwork import AggregateRoot, Entity


class EmptyBasketError(Exception):
    """An empty basket cannot be checked out."""


class BasketItem(Entity[int]):
    """A product in a basket, at the price it had when it was added."""

    def __init__(self, item_id: int, product_id: int, product_name: str, unit_price: Decimal, quantity: int) -> None:
        super().__init__(item_id)
        self.product_id = product_id
        self.product_name = product_name
        self.unit_price = unit_price
        self.old_unit_price: Decimal | None = None
        self.quantity = quantity

    @property
    def price_changed(self) -> bool:
        """Whether the catalog changed the price since the item was added."""
        return self.old_unit_price is not None and self.old_unit_price != self.unit_price


class CustomerBasket(AggregateRoot[UUID]):
    """The basket of one buyer, identified by the buyer's user id."""

    def __init__(self, buyer_id: UUID) -> None:
        super().__init__(buyer_id)
        self._items: list[BasketItem] = []
        self.checkout_request_id: UUID | None = None

    @property
    def items(self) -> tuple[BasketItem, ...]:
        """The items of the basket."""
        return tuple(self._items)

    @property
    def is_empty(self) -> bool:
        """Whether the basket holds no item."""
        return not self._items

    def contains(self, product_id: int) -> bool:
        """Whether the basket holds ``product_id``."""
        return any(item.product_id == product_id for item in self._items)

    def add_item(self, product_id: int, product_name: str, unit_price: Decimal, quantity: int = 1) -> None:
        """Put ``quantity`` units of a product in the basket."""
        for item in self._items:
            if item.product_id == product_id:
                item.quantity += quantity
                return
        self._items.append(BasketItem(len(self._items) + 1, product_id, product_name, unit_price, quantity))

    def update_product_price(self, product_id: int, new_price: Decimal, old_price: Decimal) -> bool:
        """Apply a catalog price change; return whether an item changed."""
        changed = False
        for item in self._items:
            if item.product_id == product_id and item.unit_price == old_price:
                item.old_unit_price = old_price
                item.unit_price = new_price
                changed = True
        return changed

    def start_checkout(self, request_id: UUID) -> None:
        """Freeze the basket for the checkout identified by ``request_id``."""
        if self.is_empty:
            raise EmptyBasketError(f"basket of {self.id} is empty")
        self.checkout_request_id = request_id
