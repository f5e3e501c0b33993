"""Changing the price of one product."""

from __future__ import annotations

from decimal import Decimal

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .repository import ProductRepository


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
