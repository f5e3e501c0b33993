"""Taking products off sale."""

from __future__ import annotations

from shop.contracts import ProductDiscontinued
from shop.seedwork import Outbox, UnitOfWork, utcnow

from .repository import ProductRepository


class DiscontinueProductService:
    """Discontinues a product and tells the baskets, through the outbox."""

    def __init__(self, products: ProductRepository, uow: UnitOfWork, outbox: Outbox) -> None:
        self.products = products
        self.uow = uow
        self.outbox = outbox

    def discontinue(self, product_id: int) -> None:
        """Discontinue the product and write ProductDiscontinued in the same transaction."""
        product = self.products.get(product_id)
        product.discontinue()
        self.products.update(product)
        self.outbox.add(ProductDiscontinued(product_id=product.id, discontinued_at=utcnow()))
        self.uow.commit()
