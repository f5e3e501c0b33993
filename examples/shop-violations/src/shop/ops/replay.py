"""Replaying lost price changes into the basket service after an incident.

An operations script, outside every bounded context: it reads the dead-letter
dump of the broker and calls the basket handler with each message.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from shop.basket.integration_event_handlers import ProductPriceChangedIntegrationEventHandler
from shop.basket.repository import BasketRepository
from shop.contracts import ProductPriceChangedIntegrationEvent
from shop.seedwork import Mediator, UnitOfWork


def replay_price_changes(dump: Path, baskets: BasketRepository, mediator: Mediator, uow: UnitOfWork) -> int:
    """Handle every price change of ``dump`` (one JSON object a line); return how many."""
    handler = ProductPriceChangedIntegrationEventHandler(baskets, mediator, uow)
    replayed = 0
    for line in dump.read_text(encoding="utf-8").splitlines():
        payload = json.loads(line)
        event = ProductPriceChangedIntegrationEvent(
            product_id=int(payload["product_id"]),
            new_price=Decimal(payload["new_price"]),
            old_price=Decimal(payload["old_price"]),
        )
        handler.handle(event)
        replayed += 1
    return replayed
