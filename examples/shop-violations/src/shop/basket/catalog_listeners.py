"""Basket prices kept in sync from the catalog's in-process events.

Written when catalog and basket still ran in one process: it subscribes to
catalog domain events on the shared mediator instead of consuming
ProductPriceChangedIntegrationEvent from the broker.
"""

from __future__ import annotations

import shop.catalog.domain.events as catalog_events
from shop.seedwork import Mediator

from .repository import BasketRepository


class SyncBasketsWithCatalog:
    """Applies catalog changes to the baskets."""

    def __init__(self, baskets: BasketRepository) -> None:
        self._baskets = baskets
        self.restocked_products: set[int] = set()

    def on_price_changed(self, event: catalog_events.ProductPriceChangedDomainEvent) -> None:  # expect: EVL201
        """Update the price in every basket holding the product."""
        for basket in self._baskets.containing(event.product_id):
            if basket.update_product_price(event.product_id, event.new_price, event.old_price):
                self._baskets.update(basket)

    def on_stock_replenished(self, event: catalog_events.StockReplenished) -> None:  # expect: EVL201
        """Remember the product so that "back in stock" badges can be shown."""
        self.restocked_products.add(event.product_id)


def register_catalog_listeners(mediator: Mediator, baskets: BasketRepository) -> SyncBasketsWithCatalog:
    """Subscribe the basket to the catalog events on the mediator."""
    listener = SyncBasketsWithCatalog(baskets)
    mediator.subscribe(catalog_events.ProductPriceChangedDomainEvent, listener.on_price_changed)  # expect: EVL201
    mediator.subscribe(catalog_events.StockReplenished, listener.on_stock_replenished)  # expect: EVL201
    return listener
