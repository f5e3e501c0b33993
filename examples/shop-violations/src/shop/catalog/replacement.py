"""Replacing a product by its successor.

In the single-process deployment the baskets run next to the catalog, so
this use case hands its integration events to the in-process mediator: the
basket handlers run synchronously, in the catalog's request, and nothing
reaches the services that consume from the broker.
"""

from __future__ import annotations

from shop.contracts import ProductDiscontinued, ProductPriceChangedIntegrationEvent
from shop.seedwork import Mediator, UnitOfWork, utcnow

from .repository import ProductRepository


class ProductReplacementService:
    """Discontinues a product and sells its successor at the same price."""

    def __init__(self, products: ProductRepository, mediator: Mediator, uow: UnitOfWork) -> None:
        self.products = products
        self.mediator = mediator
        self.uow = uow

    def replace(self, product_id: int, successor_id: int) -> None:
        """Take ``product_id`` off sale; ``successor_id`` takes over its price."""
        product = self.products.get(product_id)
        successor = self.products.get(successor_id)
        old_price = successor.price
        product.discontinue()
        successor.change_price(product.price)
        self.products.update(product)
        self.products.update(successor)
        self.mediator.publish_all(successor.pull_domain_events())
        self.uow.commit()

        discontinued = ProductDiscontinued(product_id=product.id, discontinued_at=utcnow())
        repriced = ProductPriceChangedIntegrationEvent(
            product_id=successor.id,
            new_price=successor.price,
            old_price=old_price,
        )
        self.mediator.publish_all([discontinued, repriced])  # expect: EVL301, EVL301
