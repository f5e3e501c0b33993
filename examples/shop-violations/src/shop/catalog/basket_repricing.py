"""Repricing baskets in the same request as the price change.

Buyers complained about seeing the old price for the few seconds the broker
takes, so this use case calls the basket service's handler itself, in the
catalog's process, instead of letting the basket consume the event.
"""

from __future__ import annotations

from decimal import Decimal

from shop.basket.integration_event_handlers import ProductPriceChangedIntegrationEventHandler
from shop.basket.repository import BasketRepository
from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import Mediator, UnitOfWork

from .repository import ProductRepository


class ImmediateRepricingService:
    """Changes a price and brings every basket up to date before returning."""

    def __init__(
        self,
        products: ProductRepository,
        baskets: BasketRepository,
        mediator: Mediator,
        uow: UnitOfWork,
    ) -> None:
        self.products = products
        self.baskets = baskets
        self.mediator = mediator
        self.uow = uow

    def change_price(self, product_id: int, new_price: Decimal) -> None:
        """Set the new price, commit, then reprice the baskets."""
        product = self.products.get(product_id)
        old_price = product.price
        product.change_price(new_price)
        self.products.update(product)
        for event in product.pull_domain_events():
            self.mediator.publish(event)
        self.uow.commit()

        changed = ProductPriceChangedIntegrationEvent(product_id=product_id, new_price=new_price, old_price=old_price)
        ProductPriceChangedIntegrationEventHandler(self.baskets, self.mediator, self.uow).handle(changed)  # expect: EVL301
