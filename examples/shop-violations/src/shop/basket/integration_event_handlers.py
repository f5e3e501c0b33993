"""Handlers of the integration events the basket service consumes from the broker."""

from __future__ import annotations

import logging

import shop.contracts as published
from shop.seedwork import Mediator, UnitOfWork

from .repository import BasketRepository

logger = logging.getLogger(__name__)


class ProductPriceChangedIntegrationEventHandler:
    """Updates the price of the product in every basket that holds it."""

    def __init__(self, baskets: BasketRepository, mediator: Mediator, uow: UnitOfWork) -> None:
        self.baskets = baskets
        self.mediator = mediator
        self.uow = uow

    def handle(self, event: published.ProductPriceChangedIntegrationEvent) -> None:
        """Apply the new catalog price; the old one is kept to warn the buyer."""
        for basket in self.baskets.containing(event.product_id):
            if basket.update_product_price(event.product_id, event.new_price, event.old_price):
                self.baskets.update(basket)
                for domain_event in basket.pull_domain_events():
                    self.mediator.publish(domain_event)
        self.uow.commit()


class ProductDiscontinuedHandler:
    """Removes a discontinued product from every basket."""

    def __init__(self, baskets: BasketRepository, uow: UnitOfWork) -> None:
        self.baskets = baskets
        self.uow = uow

    def handle(self, event: published.ProductDiscontinued) -> None:
        """Drop the product and log what each buyer lost."""
        for basket in self.baskets.containing(event.product_id):
            removed = basket.remove_product(event.product_id)
            self.baskets.update(basket)
            if removed is not None:
                logger.info("removed %s x product %s from basket of %s", removed.quantity, removed.product_id, removed.buyer_id)
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
