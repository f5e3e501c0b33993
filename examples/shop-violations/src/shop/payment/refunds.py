"""Refunding completed payments on the back office's request."""

from __future__ import annotations

from shop.seedwork import Mediator, UnitOfWork

from .domain import PaymentError
from .repository import PaymentRepository


class RefundPaymentService:
    """Refunds the payment of an order."""

    def __init__(self, payments: PaymentRepository, mediator: Mediator, uow: UnitOfWork) -> None:
        self.payments = payments
        self.mediator = mediator
        self.uow = uow

    def refund_order(self, order_id: int) -> None:
        """Refund the completed payment of ``order_id``."""
        payment = self.payments.find_by_order(order_id)
        if payment is None:
            raise PaymentError(f"order {order_id} has no payment")
        payment.refund()
        self.payments.update(payment)
        for event in payment.pull_domain_events():
            self.mediator.publish(event)
        self.uow.commit()
