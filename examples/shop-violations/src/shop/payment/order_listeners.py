"""Payment's reactions to ordering domain events.

Ordering and payment share a kernel and run in one process, so payment may
subscribe to ordering's domain events on the shared mediator.
"""

from __future__ import annotations

from shop.ordering.domain.events import OrderCancelledDomainEvent
from shop.seedwork import Mediator

from .repository import PaymentRepository


class VoidPaymentWhenOrderCancelledDomainEventHandler:
    """Voids the pending payment of a cancelled order."""

    def __init__(self, payments: PaymentRepository, mediator: Mediator) -> None:
        self.payments = payments
        self.mediator = mediator

    def handle(self, event: OrderCancelledDomainEvent) -> None:
        """Void the payment, if it is still pending."""
        payment = self.payments.find_by_order(event.order_id)
        if payment is None or not payment.is_voidable:
            return
        payment.void(event.reason)
        self.payments.update(payment)
        for domain_event in payment.pull_domain_events():
            self.mediator.publish(domain_event)
