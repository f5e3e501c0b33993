"""Composition root of the catalog service."""

from __future__ import annotations

from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .domain import ProductPriceChangedDomainEvent
from .price_history import PriceHistory, RecordPriceHistoryWhenProductPriceChangedDomainEventHandler
from .price_list_import import PriceListImportService
from .price_rounding import PriceRoundingJob
from .price_service import ProductPriceService
from .repository import InMemoryProductRepository


def wire_catalog(
    *,
    mediator: Mediator,
    event_bus: EventBus,
    uow: UnitOfWork,
    outbox: Outbox,
) -> tuple[ProductPriceService, PriceListImportService, PriceRoundingJob]:
    """Subscribe the catalog handlers and return the catalog use cases."""
    products = InMemoryProductRepository()
    history = PriceHistory()
    mediator.subscribe(
        ProductPriceChangedDomainEvent,
        RecordPriceHistoryWhenProductPriceChangedDomainEventHandler(history).handle,
    )
    return (
        ProductPriceService(products, mediator, uow, event_bus),
        PriceListImportService(products, mediator, uow, outbox),
        PriceRoundingJob(products, mediator, uow, event_bus),
    )
