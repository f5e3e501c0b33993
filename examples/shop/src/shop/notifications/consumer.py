"""The notifications worker's side of the broker: raw messages in, handlers called.

The broker client hands over the message body; the adapter rebuilds the
integration event from the published language and passes it to the
notifications handler, in this service's own process.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from shop.contracts import OrderCompletedIntegrationEvent, OrderLine

from .handlers import OrderCompletedIntegrationEventHandler
from .mail import EmailSender


def _order_lines(raw: list[dict[str, Any]]) -> list[OrderLine]:
    return [
        OrderLine(
            product_id=int(line["product_id"]),
            product_name=str(line["product_name"]),
            units=int(line["units"]),
            unit_price=Decimal(str(line["unit_price"])),
        )
        for line in raw
    ]


class OrderCompletedMessageAdapter:
    """Delivers the `OrderCompletedIntegrationEvent` messages of the broker to the e-mail handler."""

    def __init__(self, sender: EmailSender) -> None:
        self._sender = sender

    def on_message(self, body: bytes) -> None:
        """Decode one message and handle it."""
        payload = json.loads(body)
        payload["id"] = UUID(payload["id"])
        payload["creation_date"] = datetime.fromisoformat(payload["creation_date"])
        payload["buyer_id"] = UUID(payload["buyer_id"])
        payload["total"] = Decimal(str(payload["total"]))
        payload["lines"] = _order_lines(payload["lines"])
        payload["completed_at"] = datetime.fromisoformat(payload["completed_at"])
        event = OrderCompletedIntegrationEvent(**payload)
        OrderCompletedIntegrationEventHandler(self._sender).handle(event)
