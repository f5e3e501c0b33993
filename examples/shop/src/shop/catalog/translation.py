"""Translation of catalog domain events into the published language."""

from __future__ import annotations

from shop.contracts import ProductPriceChangedIntegrationEvent

from .domain import ProductPriceChangedDomainEvent


def to_integration_event(event: ProductPriceChangedDomainEvent) -> ProductPriceChangedIntegrationEvent:
    """The integration event other services receive for a committed price change."""
    return ProductPriceChangedIntegrationEvent(
        product_id=event.product_id,
        new_price=event.new_price,
        old_price=event.old_price,
    )
