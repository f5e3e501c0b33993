"""Handlers of the integration events the basket service consumes from the broker."""

from __future__ import annotations

import shop.contracts as published
from shop.seedwork import UnitOfWork

from .repository import BasketRepository


class ProductPriceChangedIntegrationEventHandler:
    """Updates the price of the product in every basket that holds it."""

    def __init__(self, baskets: BasketRepository, uow: UnitOfWork) -> None:
        self.baskets = baskets
        self.uow = uow

    def handle(self, event: published.ProductPriceChangedIntegrationEvent) -> None:
        """Apply the new catalog price; the old one is kept to warn the buyer."""
        for basket in self.baskets.containing(event.product_id):
            if basket.update_product_price(event.product_id, event.new_price, event.old_price):
                self.baskets.update(basket)
        self.uow.commit()


class OrderStartedIntegrationEventHandler:
    """Empties the basket that became an order."""

    def __init__(self, baskets: BasketRepository, uow: UnitOfWork) -> None:
        self.baskets = baskets
        self.uow = uow

    def handle(self, event: published.OrderStartedIntegrationEvent) -> None:
        """Delete the basket of the buyer who started the order."""
        self.baskets.delete(event.user_id)
        self.uow.commit()
