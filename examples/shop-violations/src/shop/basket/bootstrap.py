"""Composition root of the basket service."""

from __future__ import annotations

from shop.contracts import OrderStartedIntegrationEvent, ProductDiscontinued, ProductPriceChangedIntegrationEvent
from shop.seedwork import EventBus, Mediator, UnitOfWork

from .catalog_listeners import register_catalog_listeners
from .checkout import BasketCheckoutService
from .integration_event_handlers import (
    OrderStartedIntegrationEventHandler,
    ProductDiscontinuedHandler,
    ProductPriceChangedIntegrationEventHandler,
)
from .repository import InMemoryBasketRepository


def wire_basket(*, mediator: Mediator, event_bus: EventBus, uow: UnitOfWork) -> BasketCheckoutService:
    """Subscribe the basket handlers and return the checkout use case."""
    baskets = InMemoryBasketRepository()
    event_bus.subscribe(
        ProductPriceChangedIntegrationEvent,
        ProductPriceChangedIntegrationEventHandler(baskets, mediator, uow),
    )
    event_bus.subscribe(ProductDiscontinued, ProductDiscontinuedHandler(baskets, uow))
    event_bus.subscribe(OrderStartedIntegrationEvent, OrderStartedIntegrationEventHandler(baskets, uow))
    register_catalog_listeners(mediator, baskets)
    return BasketCheckoutService(baskets, uow, event_bus)
