"""Refunding completed payments on the back office's request."""

from __future__ import annotations

from shop.seedwork import EventBus, Mediator, UnitOfWork

from .domain import PaymentError, PaymentRefundedIntegrationEvent
from .repository import PaymentRepository


class RefundPaymentService:
    """Refunds the payment of an order.

    ``PaymentRefundedIntegrationEvent`` reads like an integration event, so it
    is also sent to the broker after the commit; it is a payment domain event
    all the same, and ordering now depends on the payment model's fields.
    """

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
        self.uow.commit()
        self.event_bus.publish(  # expect: EVL202
            PaymentRefundedIntegrationEvent(payment_id=payment.id, order_id=order_id, amount=payment.amount.amount)
        )
