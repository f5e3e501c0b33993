# Legacy SMS notifications, carried over from the monolith unchanged.
# Scheduled for deletion when the SMS provider contract ends (2025-Q4),
# so nobody is going to fix it:
# eventlint: noqa
"""Text messages about shipped orders, sent from ordering's domain events."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shop.ordering.domain.events import OrderShipped, OrderStartedDomainEvent
from shop.seedwork import DomainEvent, Mediator


@dataclass(frozen=True, kw_only=True)
class SmsSent(DomainEvent):
    """A text message left the SMS gateway."""

    phone: str
    text: str


class LegacySmsNotifier:
    """Texts buyers who gave a phone number."""

    def __init__(self) -> None:
        self._phones: dict[UUID, str] = {}
        self.sent: list[SmsSent] = []

    def on_order_started(self, event: OrderStartedDomainEvent) -> None:
        """Nothing is texted on order start; remember the buyer instead."""
        self._phones.setdefault(event.user_id, "")

    def on_order_shipped(self, event: OrderShipped) -> None:
        """Text the buyer that the parcel is on its way."""
        phone = self._phones.get(event.buyer_id)
        if phone:
            self.sent.append(SmsSent(phone=phone, text=f"Order #{event.order_id} has shipped."))


def register_legacy_sms(mediator: Mediator, notifier: LegacySmsNotifier) -> None:
    """Subscribe the notifier to the ordering events."""
    mediator.subscribe(OrderStartedDomainEvent, notifier.on_order_started)
    mediator.subscribe(OrderShipped, notifier.on_order_shipped)
