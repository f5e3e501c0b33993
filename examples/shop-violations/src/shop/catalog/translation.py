"""Translation of catalog domain events into the published language."""

from __future__ import annotations

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import DomainEvent

from .domain import ProductPriceChangedDomainEvent


def to_integration_event(event: DomainEvent) -> ProductPriceChangedIntegrationEvent:
    """The integration event other services receive for a price change."""
    if not isinstance(event, ProductPriceChangedDomainEvent):
        raise TypeError(f"{type(event).__name__} has no integration event")
    return ProductPriceChangedIntegrationEvent(
        product_id=event.product_id,
        new_price=event.new_price,
        old_price=event.old_price,
    )
