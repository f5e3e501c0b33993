"""Shared helper of the catalog use cases that announce price changes."""

from __future__ import annotations

from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus


def announce_price_change(event_bus: EventBus, event: ProductPriceChangedIntegrationEvent) -> None:
    """Send a price change to the broker."""
    event_bus.publish(event)
