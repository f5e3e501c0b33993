"""Composition root of the catalog service."""

from __future__ import annotations

from dataclasses import dataclass

from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .discontinue import DiscontinueProductService
from .domain import ProductPriceChangedDomainEvent, StockReplenished
from .price_history import PriceHistory, RecordPriceHistoryWhenProductPriceChangedDomainEventHandler
from .price_list_import import PriceListImportService
from .price_service import ProductPriceService
from .promotions import PromotionService
from .replacement import ProductReplacementService
from .repository import InMemoryProductRepository
from .sales_statistics import SalesStatisticsProjector, register_sales_statistics
from .warehouse import ForwardStockReplenishedToOutboxHandler


@dataclass(frozen=True)
class CatalogUseCases:
    """What the catalog API exposes."""

    prices: ProductPriceService
    price_lists: PriceListImportService
    discontinuation: DiscontinueProductService
    replacement: ProductReplacementService
    promotions: PromotionService
    statistics: SalesStatisticsProjector


def wire_catalog(*, mediator: Mediator, event_bus: EventBus, uow: UnitOfWork, outbox: Outbox) -> CatalogUseCases:
    """Subscribe the catalog handlers and return the catalog use cases."""
    products = InMemoryProductRepository()
    history = PriceHistory()
    mediator.subscribe(
        ProductPriceChangedDomainEvent,
        RecordPriceHistoryWhenProductPriceChangedDomainEventHandler(history).handle,
    )
    mediator.subscribe(StockReplenished, ForwardStockReplenishedToOutboxHandler(outbox).handle)
    statistics = SalesStatisticsProjector()
    register_sales_statistics(mediator, statistics)
    return CatalogUseCases(
        prices=ProductPriceService(products, mediator, uow, event_bus),
        price_lists=PriceListImportService(products, mediator, uow, outbox),
        discontinuation=DiscontinueProductService(products, uow, outbox),
        replacement=ProductReplacementService(products, mediator, uow),
        promotions=PromotionService(products, mediator, uow, event_bus, outbox),
        statistics=statistics,
    )
