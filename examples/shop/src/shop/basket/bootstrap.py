"""Composition root of the basket service."""

from __future__ import annotations

from shop.contracts import OrderStartedIntegrationEvent, ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus, UnitOfWork

from .checkout import BasketCheckoutService
from .integration_event_handlers import OrderStartedIntegrationEventHandler, ProductPriceChangedIntegrationEventHandler
from .repository import InMemoryBasketRepository


def wire_basket(*, event_bus: EventBus, uow: UnitOfWork) -> BasketCheckoutService:
    """Subscribe the basket handlers to the broker and return the checkout use case."""
    baskets = InMemoryBasketRepository()
    event_bus.subscribe(ProductPriceChangedIntegrationEvent, ProductPriceChangedIntegrationEventHandler(baskets, uow))
    event_bus.subscribe(OrderStartedIntegrationEvent, OrderStartedIntegrationEventHandler(baskets, uow))
    return BasketCheckoutService(baskets, uow, event_bus)
