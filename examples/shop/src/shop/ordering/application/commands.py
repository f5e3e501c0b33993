"""Commands of the ordering service and their handlers.

Each handler loads or creates an aggregate, lets it raise its domain events,
dispatches them in-process through the mediator and commits the unit of work
once every handler has run.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from shop.seedwork import AggregateRoot, Mediator, UnitOfWork

from ..domain import Address, Order, OrderingDomainEvent
from ..infrastructure import OrderRepository


@dataclass(frozen=True)
class OrderLineDto:
    """A product line requested by a create-order command."""

    product_id: int
    product_name: str
    unit_price: Decimal
    units: int


@dataclass(frozen=True)
class CreateOrderCommand:
    """Create an order from a checked-out basket."""

    request_id: UUID
    user_id: UUID
    user_name: str
    user_email: str
    address: Address
    card_alias: str
    payment_token: str
    lines: list[OrderLineDto]


@dataclass(frozen=True)
class ShipOrderCommand:
    """Mark a paid order as shipped."""

    order_id: int


@dataclass(frozen=True)
class CancelOrderCommand:
    """Cancel an order that was not paid for yet."""

    order_id: int
    reason: str


class _OrderCommandHandler:
    """Shared plumbing: repository, mediator and unit of work."""

    def __init__(self, orders: OrderRepository, mediator: Mediator, uow: UnitOfWork) -> None:
        self.orders = orders
        self.mediator = mediator
        self.uow = uow

    def _dispatch_domain_events(self, aggregate: AggregateRoot[int]) -> None:
        for event in aggregate.pull_domain_events():
            if isinstance(event, OrderingDomainEvent):
                self._dispatch(event)

    def _dispatch(self, event: OrderingDomainEvent) -> None:
        """Run the in-process handlers of ``event``, inside the command's unit of work."""
        self.mediator.publish(event)


class CreateOrderCommandHandler(_OrderCommandHandler):
    """Creates the order; OrderStartedDomainEvent makes the user a buyer."""

    def handle(self, command: CreateOrderCommand) -> int:
        """Create, dispatch, commit; return the id of the new order."""
        order = Order(
            order_id=self.orders.next_identity(),
            user_id=command.user_id,
            user_name=command.user_name,
            user_email=command.user_email,
            address=command.address,
            card_alias=command.card_alias,
            payment_token=command.payment_token,
        )
        for line in command.lines:
            order.add_order_item(line.product_id, line.product_name, line.unit_price, line.units)
        self.orders.add(order)
        self._dispatch_domain_events(order)
        self.uow.commit()
        return order.id


class ShipOrderCommandHandler(_OrderCommandHandler):
    """Ships a paid order."""

    def handle(self, command: ShipOrderCommand) -> None:
        """Ship, dispatch, commit."""
        order = self.orders.get(command.order_id)
        order.ship()
        self._dispatch_domain_events(order)
        self.uow.commit()


class CancelOrderCommandHandler(_OrderCommandHandler):
    """Cancels an order on the buyer's request."""

    def handle(self, command: CancelOrderCommand) -> None:
        """Cancel, dispatch, commit."""
        order = self.orders.get(command.order_id)
        order.cancel(command.reason)
        self._dispatch_domain_events(order)
        self.uow.commit()
