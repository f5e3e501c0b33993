"""Checking a basket out: the hand-over from the basket to the ordering service."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shop.contracts.basket import BasketCheckedOutIntegrationEvent, BasketLine
from shop.seedwork import EventBus, UnitOfWork

from .repository import BasketRepository


@dataclass(frozen=True)
class CheckoutDetails:
    """What the buyer entered on the checkout page."""

    user_name: str
    user_email: str
    street: str
    city: str
    state: str
    country: str
    zip_code: str
    card_alias: str
    payment_token: str


class BasketCheckoutService:
    """Freezes the basket and announces the checkout once it is committed."""

    def __init__(self, baskets: BasketRepository, uow: UnitOfWork, event_bus: EventBus) -> None:
        self.baskets = baskets
        self.uow = uow
        self.event_bus = event_bus

    def checkout(self, buyer_id: UUID, details: CheckoutDetails, request_id: UUID) -> None:
        """Check the basket of ``buyer_id`` out."""
        basket = self.baskets.get(buyer_id)
        basket.start_checkout(request_id)
        self.baskets.update(basket)
        checked_out = BasketCheckedOutIntegrationEvent(
            request_id=request_id,
            user_id=buyer_id,
            user_name=details.user_name,
            user_email=details.user_email,
            street=details.street,
            city=details.city,
            state=details.state,
            country=details.country,
            zip_code=details.zip_code,
            card_alias=details.card_alias,
            payment_token=details.payment_token,
            lines=[
                BasketLine(
                    product_id=item.product_id,
                    product_name=item.product_name,
                    unit_price=item.unit_price,
                    quantity=item.quantity,
                )
                for item in basket.items
            ],
        )
        try:
            self.uow.commit()
        except Exception:
            self.uow.rollback()
            raise
        self.event_bus.publish(checked_out)
