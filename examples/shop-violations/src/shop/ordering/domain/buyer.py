"""The Buyer aggregate: a user who placed at least one order."""

from __future__ import annotations

from uuid import UUID

from shop.seedwork import AggregateRoot, Entity

from .events import BuyerAndPaymentMethodVerifiedDomainEvent


class PaymentMethod(Entity[int]):
    """A card a buyer pays with, known by its provider token only."""

    def __init__(self, method_id: int, alias: str, token: str) -> None:
        super().__init__(method_id)
        self.alias = alias
        self.token = token

    def is_equal_to(self, token: str) -> bool:
        """Whether this method is the card identified by ``token``."""
        return self.token == token


class Buyer(AggregateRoot[UUID]):
    """The ordering view of a user: name, e-mail and payment methods."""

    def __init__(self, identity: UUID, name: str, email: str) -> None:
        super().__init__(identity)
        self.name = name
        self.email = email
        self._payment_methods: list[PaymentMethod] = []

    @property
    def payment_methods(self) -> tuple[PaymentMethod, ...]:
        """The cards the buyer has used."""
        return tuple(self._payment_methods)

    def verify_or_add_payment_method(self, alias: str, token: str, order_id: int) -> PaymentMethod:
        """Return the payment method for ``token``, adding it on first use."""
        method = next((m for m in self._payment_methods if m.is_equal_to(token)), None)
        if method is None:
            method = PaymentMethod(len(self._payment_methods) + 1, alias, token)
            self._payment_methods.append(method)
        self.add_domain_event(
            BuyerAndPaymentMethodVerifiedDomainEvent(buyer=self, payment_method=method, order_id=order_id)
        )
        return method
