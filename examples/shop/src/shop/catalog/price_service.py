"""Changing the prices of products."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .domain import Product
from .repository import ProductRepository

logger = logging.getLogger(__name__)


class ProductPriceService:
    """Changes a product's price and tells the other services about it.

    The domain events are dispatched inside the unit of work; the integration
    event goes to the broker only after the commit succeeded, so baskets never
    see a price the catalog rolled back.
    """

    def __init__(self, products: ProductRepository, mediator: Mediator, uow: UnitOfWork, event_bus: EventBus) -> None:
        self.products = products
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus

    def change_price(self, product_id: int, new_price: Decimal) -> None:
        """Set the new price, commit, then publish ProductPriceChangedIntegrationEvent."""
        product = self.products.get(product_id)
        old_price = product.price
        if old_price == new_price:
            return
        product.change_price(new_price)
        self.products.update(product)
        for event in product.pull_domain_events():
            self.mediator.publish(event)
        self.uow.commit()

        self.event_bus.publish(
            ProductPriceChangedIntegrationEvent(
                product_id=product.id,
                new_price=new_price,
                old_price=old_price,
            )
        )

    def change_prices(self, new_prices: Mapping[int, Decimal]) -> int:
        """Change several prices, one transaction per product; return how many changed.

        Each price is announced right after its own commit: a failure half way
        keeps (and has announced) exactly the prices committed before it.
        """
        changed = 0
        for product_id, new_price in sorted(new_prices.items()):
            product = self.products.get(product_id)
            old_price = product.price
            if old_price == new_price:
                continue
            product.change_price(new_price)
            self.products.update(product)
            self._dispatch_domain_events(product)
            self.uow.commit()
            self.event_bus.publish(
                ProductPriceChangedIntegrationEvent(product_id=product_id, new_price=new_price, old_price=old_price)
            )
            changed += 1
        return changed

    def correct_price(self, product_id: int, new_price: Decimal, reason: str | None = None) -> None:
        """Fix a wrongly entered price; a correction with a reason is logged for the auditors."""
        product = self.products.get(product_id)
        old_price = product.price
        product.change_price(new_price)
        self.products.update(product)
        self._dispatch_domain_events(product)
        corrected = ProductPriceChangedIntegrationEvent(product_id=product_id, new_price=new_price, old_price=old_price)
        if reason is None:
            self.uow.commit()
        else:
            logger.warning("price of product %s corrected from %s to %s: %s", product_id, old_price, new_price, reason)
            self.uow.commit()
        self.event_bus.publish(corrected)

    def _dispatch_domain_events(self, product: Product) -> None:
        for event in product.pull_domain_events():
            self.mediator.publish(event)
