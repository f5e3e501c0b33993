"""Stock levels for the warehouse system, through the outbox."""

from __future__ import annotations

from shop.seedwork import Outbox

from .domain import StockReplenished


class ForwardStockReplenishedToOutboxHandler:
    """Writes every stock replenishment to the outbox, for the warehouse to read.

    It runs on the mediator, inside the unit of work of the command, so the
    outbox message commits together with the stock. What it writes, though,
    is the catalog domain event itself rather than an integration event.
    """

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def handle(self, event: StockReplenished) -> None:
        """Queue the replenishment for the warehouse."""
        self.outbox.add(event)  # expect: EVL202
