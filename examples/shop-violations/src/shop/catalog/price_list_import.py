"""Applying a supplier price list to many products at once."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import Mediator, Outbox, UnitOfWork

from .repository import ProductRepository


class PriceListImportService:
    """Applies a price list in one transaction.

    A bulk import changes hundreds of prices; publishing each change to the
    broker after the commit could lose some of them if the process stops half
    way. The integration events are therefore written to the outbox, in the
    same transaction as the prices.
    """

    def __init__(self, products: ProductRepository, mediator: Mediator, uow: UnitOfWork, outbox: Outbox) -> None:
        self.products = products
        self.mediator = mediator
        self.uow = uow
        self.outbox = outbox

    def apply(self, price_list: Mapping[int, Decimal]) -> int:
        """Change every listed price; return how many prices changed."""
        changed = 0
        for product_id, new_price in sorted(price_list.items()):
            product = self.products.get(product_id)
            old_price = product.price
            if old_price == new_price:
                continue
            product.change_price(new_price)
            self.products.update(product)
            for domain_event in product.pull_domain_events():
                self.mediator.publish(domain_event)
            self.outbox.add(
                ProductPriceChangedIntegrationEvent(product_id=product_id, new_price=new_price, old_price=old_price)
            )
            changed += 1
        self.uow.commit()
        return changed
