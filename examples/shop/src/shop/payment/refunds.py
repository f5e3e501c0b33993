"""Refunding completed payments on the back office's request."""

from __future__ import annotations

import functools

from shop.contracts import PaymentRefundedIntegrationEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .domain import PaymentError
from .repository import PaymentRepository


class RefundPaymentService:
    """Refunds the payment of an order and tells ordering once the refund is committed."""

    def __init__(self, payments: PaymentRepository, mediator: Mediator, uow: UnitOfWork, event_bus: EventBus) -> None:
        self.payments = payments
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus

    def refund_order(self, order_id: int) -> None:
        """Refund the completed payment of ``order_id``."""
        payment = self.payments.find_by_order(order_id)
        if payment is None:
            raise PaymentError(f"order {order_id} has no payment")
        payment.refund()
        self.payments.update(payment)
        for event in payment.pull_domain_events():
            self.mediator.publish(event)
        refunded = PaymentRefundedIntegrationEvent(
            order_id=order_id, payment_id=payment.id, amount=payment.amount.amount
        )
        self.uow.on_commit(functools.partial(self.event_bus.publish, refunded))
        self.uow.commit()
