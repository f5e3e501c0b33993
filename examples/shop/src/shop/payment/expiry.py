"""Failing payments the provider never answered for."""

from __future__ import annotations

from shop.contracts import PaymentFailedIntegrationEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .repository import PaymentRepository

EXPIRED = "the payment provider did not answer in time"


class PaymentExpiryService:
    """Gives up pending payments, so that their orders get cancelled."""

    def __init__(self, payments: PaymentRepository, mediator: Mediator, uow: UnitOfWork, event_bus: EventBus) -> None:
        self.payments = payments
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus

    def expire(self, order_id: int) -> bool:
        """Fail the pending payment of ``order_id``; return whether there was one."""
        payment = self.payments.find_by_order(order_id)
        if payment is None or not payment.is_voidable:
            return False
        payment.fail(EXPIRED)
        self.payments.update(payment)
        for domain_event in payment.pull_domain_events():
            self.mediator.publish(domain_event)
        failed = PaymentFailedIntegrationEvent(order_id=order_id, payment_id=payment.id, reason=EXPIRED)

        def announce_failure() -> None:
            self.event_bus.publish(failed)

        self.uow.on_commit(announce_failure)
        self.uow.commit()
        return True
