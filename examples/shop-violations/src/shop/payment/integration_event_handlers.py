"""Charging orders submitted for payment."""

from __future__ import annotations

from uuid import uuid4

from shop.contracts import (
    OrderSubmittedForPaymentIntegrationEvent,
    PaymentCompletedIntegrationEvent,
    PaymentFailedIntegrationEvent,
)
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .domain import Money, Payment
from .gateway import PaymentGateway
from .repository import PaymentRepository


class OrderSubmittedForPaymentIntegrationEventHandler:
    """Charges the order and reports the outcome to ordering.

    The outcome is published only once the payment is committed: through an
    after-commit callback on success, straight after the commit on failure.
    """

    def __init__(
        self,
        payments: PaymentRepository,
        gateway: PaymentGateway,
        mediator: Mediator,
        uow: UnitOfWork,
        event_bus: EventBus,
    ) -> None:
        self.payments = payments
        self.gateway = gateway
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus

    def handle(self, event: OrderSubmittedForPaymentIntegrationEvent) -> None:
        """Charge the card and record the payment."""
        payment = Payment(uuid4(), event.order_id, Money(event.total, event.currency))
        result = self.gateway.charge(event.payment_token, payment.amount)

        if not result.succeeded:
            reason = result.failure_reason or "declined"
            payment.fail(reason)
            self.payments.add(payment)
            self._dispatch_domain_events(payment)
            self.uow.commit()
            self.event_bus.publish(
                PaymentFailedIntegrationEvent(order_id=event.order_id, payment_id=payment.id, reason=reason)
            )
            return

        reference = result.transaction_reference or ""
        payment.complete(reference)
        self.payments.add(payment)
        self._dispatch_domain_events(payment)
        completed = PaymentCompletedIntegrationEvent(
            order_id=event.order_id,
            payment_id=payment.id,
            amount=payment.amount.amount,
            transaction_reference=reference,
        )
        self.uow.on_commit(lambda: self.event_bus.publish(completed))
        self.uow.commit()

    def _dispatch_domain_events(self, payment: Payment) -> None:
        for domain_event in payment.pull_domain_events():
            self.mediator.publish(domain_event)
