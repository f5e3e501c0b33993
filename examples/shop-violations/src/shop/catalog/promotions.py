"""Price promotions: temporary prices, started and ended by the marketing team.

Written in a hurry for the first sale: most use cases announce the new price
to the broker while the transaction that sets it is still open, so a rolled
back promotion still reaches every basket.
"""

from __future__ import annotations

from decimal import Decimal

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .announcements import announce_price_change
from .domain import Product
from .repository import ProductRepository
from .translation import to_integration_event


class PromotionService:
    """Starts, extends and ends promotions."""

    def __init__(
        self,
        products: ProductRepository,
        mediator: Mediator,
        uow: UnitOfWork,
        event_bus: EventBus,
        outbox: Outbox,
    ) -> None:
        self.products = products
        self.mediator = mediator
        self.uow = uow
        self.event_bus = event_bus
        self.outbox = outbox

    def start(self, product_id: int, promotional_price: Decimal) -> None:
        """Put a product on promotion."""
        product, old_price = self._reprice(product_id, promotional_price)
        self.event_bus.publish(  # expect: EVL302
            ProductPriceChangedIntegrationEvent(product_id=product.id, new_price=promotional_price, old_price=old_price)
        )
        self.uow.commit()

    def end(self, product_id: int, list_price: Decimal, *, notify_baskets: bool = True) -> None:
        """Go back to the list price."""
        product, old_price = self._reprice(product_id, list_price)
        ended = ProductPriceChangedIntegrationEvent(product_id=product.id, new_price=list_price, old_price=old_price)
        if notify_baskets:
            self.event_bus.publish(ended)  # expect: EVL302
        self.uow.commit()

    def start_flash_sale(self, product_id: int, sale_price: Decimal) -> None:
        """A one-hour sale, set in a transaction block."""
        with self.uow.transaction():
            product, old_price = self._reprice(product_id, sale_price)
            flash_sale = ProductPriceChangedIntegrationEvent(
                product_id=product.id, new_price=sale_price, old_price=old_price
            )
            self.event_bus.publish(flash_sale)  # expect: EVL302

    def extend(self, product_id: int, promotional_price: Decimal) -> None:
        """Keep a product on promotion, at a new price."""
        product, old_price = self._reprice(product_id, promotional_price)
        self._announce(  # expect: EVL302
            ProductPriceChangedIntegrationEvent(product_id=product.id, new_price=promotional_price, old_price=old_price)
        )
        self.uow.commit()

    def match_competitor(self, product_id: int, competitor_price: Decimal) -> None:
        """Lower the price to a competitor's, announced through the shared helper."""
        product, old_price = self._reprice(product_id, competitor_price)
        matched = ProductPriceChangedIntegrationEvent(
            product_id=product.id, new_price=competitor_price, old_price=old_price
        )
        announce_price_change(self.event_bus, matched)  # expect: EVL302
        self.uow.commit()

    def cancel(self, product_id: int, list_price: Decimal) -> None:
        """Call a promotion off before it started; announced after the commit (correct)."""
        product, old_price = self._reprice(product_id, list_price)
        self.uow.commit()
        self.event_bus.publish(
            ProductPriceChangedIntegrationEvent(product_id=product.id, new_price=list_price, old_price=old_price)
        )

    def schedule(self, product_id: int, promotional_price: Decimal) -> None:
        """Set a promotion in a transaction block; the outbox carries the announcement (correct)."""
        with self.uow.transaction():
            product, old_price = self._reprice(product_id, promotional_price)
            self.outbox.add(
                ProductPriceChangedIntegrationEvent(
                    product_id=product.id, new_price=promotional_price, old_price=old_price
                )
            )

    def start_weekend_sale(self, product_id: int, sale_price: Decimal) -> None:
        """Set a promotion in a transaction block; announced by an after-commit callback (correct)."""
        with self.uow.transaction():
            product, old_price = self._reprice(product_id, sale_price)
            weekend = ProductPriceChangedIntegrationEvent(
                product_id=product.id, new_price=sale_price, old_price=old_price
            )
            self.uow.on_commit(lambda: self.event_bus.publish(weekend))

    def start_clearance(self, product_id: int, clearance_price: Decimal) -> None:
        """Announce a clearance price translated from the domain events, before the commit.

        Wrong as well, but the announced value comes out of a translation
        function: nothing says statically which event it is, so EVL302 is
        silent, and EVL304 reports the message sent before the commit.
        """
        product = self.products.get(product_id)
        product.change_price(clearance_price)
        self.products.update(product)
        for domain_event in product.pull_domain_events():
            self.mediator.publish(domain_event)
            self.event_bus.publish(to_integration_event(domain_event))  # expect: EVL304
        self.uow.commit()

    def _reprice(self, product_id: int, price: Decimal) -> tuple[Product, Decimal]:
        product = self.products.get(product_id)
        old_price = product.price
        product.change_price(price)
        self.products.update(product)
        for domain_event in product.pull_domain_events():
            self.mediator.publish(domain_event)
        return product, old_price

    def _announce(self, event: ProductPriceChangedIntegrationEvent) -> None:
        self.event_bus.publish(event)
