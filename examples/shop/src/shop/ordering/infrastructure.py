"""Persistence of the ordering aggregates."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Protocol, TypeVar
from uuid import UUID

from .domain import Buyer, Order

T = TypeVar("T")


class Session(Protocol):
    """The subset of an ORM session the repositories use."""

    def add(self, instance: object) -> None:
        """Track a new object; it is inserted when the unit of work commits."""

    def get(self, entity: type[T], ident: Any) -> T | None:
        """Load an object by primary key, from the identity map if possible."""

    def scalar(self, statement: str) -> Any:
        """Run a statement returning a single value."""


class OrderNotFound(LookupError):
    """No order has the requested id."""


class OrderRepository(ABC):
    """Collection-like access to Order aggregates."""

    @abstractmethod
    def next_identity(self) -> int:
        """Reserve the id of a new order."""

    @abstractmethod
    def add(self, order: Order) -> None:
        """Add a new order."""

    @abstractmethod
    def get(self, order_id: int) -> Order:
        """Load an order, or raise OrderNotFound."""


class BuyerRepository(ABC):
    """Collection-like access to Buyer aggregates."""

    @abstractmethod
    def find(self, identity: UUID) -> Buyer | None:
        """Load the buyer of a user, if the user ever ordered."""

    @abstractmethod
    def add(self, buyer: Buyer) -> None:
        """Add a new buyer."""

    def get(self, identity: UUID) -> Buyer:
        """Load a buyer that must exist."""
        buyer = self.find(identity)
        if buyer is None:
            raise LookupError(f"no buyer {identity}")
        return buyer


class SqlOrderRepository(OrderRepository):
    """Orders stored through the ORM session of the unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def next_identity(self) -> int:
        """Draw the next value of the orders sequence."""
        return int(self._session.scalar("SELECT nextval('ordering.orders_seq')"))

    def add(self, order: Order) -> None:
        """Track the order; the unit of work inserts it on commit."""
        self._session.add(order)

    def get(self, order_id: int) -> Order:
        """Load an order by id."""
        order = self._session.get(Order, order_id)
        if order is None:
            raise OrderNotFound(order_id)
        return order


class InMemoryBuyerRepository(BuyerRepository):
    """Buyers kept in a dictionary, for tests and local runs."""

    def __init__(self) -> None:
        self._buyers: dict[UUID, Buyer] = {}

    def find(self, identity: UUID) -> Buyer | None:
        """Look the buyer up by user id."""
        return self._buyers.get(identity)

    def add(self, buyer: Buyer) -> None:
        """Store the buyer."""
        self._buyers[buyer.id] = buyer
