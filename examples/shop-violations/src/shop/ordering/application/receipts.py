"""Receipts of paid orders, sent straight away.

"So that the receipt goes out even when the broker is down", the handler
calls the notifications service's own handler in ordering's process, inside
the transaction that marks the order as paid and may still roll back.
"""

from __future__ import annotations

from shop.contracts import OrderCompletedIntegrationEvent, OrderLine
from shop.notifications.receipts import on_order_completed
from shop.ordering.domain import OrderPaidDomainEvent

from ..infrastructure import BuyerRepository, OrderRepository


class SendReceiptWhenOrderPaidDomainEventHandler:
    """Has the receipt of an order e-mailed as soon as it is paid."""

    def __init__(self, orders: OrderRepository, buyers: BuyerRepository) -> None:
        self.orders = orders
        self.buyers = buyers

    def handle(self, event: OrderPaidDomainEvent) -> None:
        """Describe the completed order and hand it to the receipt handler."""
        order = self.orders.get(event.order_id)
        buyer = self.buyers.get(event.buyer_id)
        completed = OrderCompletedIntegrationEvent(
            order_id=order.id,
            buyer_id=buyer.id,
            buyer_name=buyer.name,
            buyer_email=buyer.email,
            total=event.total,
            lines=[
                OrderLine(
                    product_id=item.product_id,
                    product_name=item.product_name,
                    units=item.units,
                    unit_price=item.unit_price,
                )
                for item in order.items
            ],
            completed_at=event.occurred_on,
        )
        on_order_completed(completed)  # expect: EVL301
