"""Re-sending the confirmation e-mail of a completed order."""

from __future__ import annotations

from dataclasses import dataclass

from shop.contracts import OrderLine, SendOrderConfirmationEmail
from shop.ordering.domain import OrderingDomainError, OrderStatus
from shop.seedwork import Outbox, UnitOfWork

from ..infrastructure import BuyerRepository, OrderRepository


@dataclass(frozen=True)
class ResendOrderConfirmationCommand:
    """The buyer asked for their confirmation e-mail again."""

    order_id: int


class ResendOrderConfirmationCommandHandler:
    """Asks the notifications service, through the outbox, to send the e-mail again."""

    def __init__(self, orders: OrderRepository, buyers: BuyerRepository, outbox: Outbox, uow: UnitOfWork) -> None:
        self.orders = orders
        self.buyers = buyers
        self.outbox = outbox
        self.uow = uow

    def handle(self, command: ResendOrderConfirmationCommand) -> None:
        """Write the request to the outbox and commit."""
        order = self.orders.get(command.order_id)
        if order.status not in (OrderStatus.PAID, OrderStatus.SHIPPED) or order.buyer_id is None:
            raise OrderingDomainError(f"order {order.id} has no confirmation to resend")
        buyer = self.buyers.get(order.buyer_id)
        self.outbox.add(
            SendOrderConfirmationEmail(
                order_id=order.id,
                buyer_name=buyer.name,
                buyer_email=buyer.email,
                total=order.total,
                lines=[
                    OrderLine(
                        product_id=item.product_id,
                        product_name=item.product_name,
                        units=item.units,
                        unit_price=item.unit_price,
                    )
                    for item in order.items
                ],
            )
        )
        self.uow.commit()
