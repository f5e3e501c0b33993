"""Order status e-mails, sent straight from ordering's domain events.

A shortcut taken for the launch: the mailer subscribes to ordering's
in-process events on the shared mediator instead of consuming integration
events from the broker, so it breaks as soon as ordering moves out.
"""

from __future__ import annotations

from uuid import UUID

from shop.ordering.domain import (
    OrderCancelledDomainEvent,  # expect: EVL201
    OrderPaidDomainEvent,  # expect: EVL201
)
from shop.ordering.domain.events import OrderStartedDomainEvent  # expect: EVL201
from shop.seedwork import DomainEvent, Mediator

from .mail import EmailMessage, EmailSender

_SUBJECTS: dict[type[DomainEvent], str] = {
    OrderCancelledDomainEvent: "Your order #{order_id} was cancelled",  # expect: EVL201
    OrderPaidDomainEvent: "We received the payment of order #{order_id}",  # expect: EVL201
}


class RecipientDirectory:
    """The e-mail address of every buyer the mailer has seen."""

    def __init__(self) -> None:
        self._addresses: dict[UUID, str] = {}

    def remember(self, buyer_id: UUID, address: str) -> None:
        """Store the address of a buyer."""
        self._addresses[buyer_id] = address

    def address_of(self, buyer_id: UUID | None) -> str | None:
        """The address of a buyer, if known."""
        return self._addresses.get(buyer_id) if buyer_id is not None else None


class OrderStatusMailer:
    """Tells buyers where their order stands."""

    def __init__(self, sender: EmailSender, recipients: RecipientDirectory) -> None:
        self._sender = sender
        self._recipients = recipients

    def on_order_started(self, event: OrderStartedDomainEvent) -> None:  # expect: EVL201
        """Acknowledge a new order."""
        self._recipients.remember(event.user_id, event.user_email)
        self._sender.deliver(
            EmailMessage(
                to=event.user_email,
                subject=f"We received your order #{event.order.id}",
                body=f"Hello {event.user_name},\n\nwe received your order and are checking your payment.\n",
            )
        )

    def on_status_changed(self, event: DomainEvent) -> None:
        """Report a payment or a cancellation."""
        if isinstance(event, (OrderCancelledDomainEvent, OrderPaidDomainEvent)):  # expect: EVL201, EVL201
            address = self._recipients.address_of(event.buyer_id)
            if address is None:
                return
            subject = _SUBJECTS[type(event)].format(order_id=event.order_id)
            self._sender.deliver(EmailMessage(to=address, subject=subject, body=f"{subject}.\n"))


def register_order_status_mails(mediator: Mediator, mailer: OrderStatusMailer) -> None:
    """Subscribe the mailer to the ordering events."""
    mediator.subscribe(OrderStartedDomainEvent, mailer.on_order_started)  # expect: EVL201
    mediator.subscribe(DomainEvent, mailer.on_status_changed)
