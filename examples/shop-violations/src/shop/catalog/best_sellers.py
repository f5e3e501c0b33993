"""Best sellers of the catalog, counted from the orders the ordering service completes.

The catalog team consumes ordering's `OrderCompletedIntegrationEvent` without
a relationship on the context map: ordering does not know that the catalog
now depends on the shape of its completed orders, and the next change to that
contract breaks the ranking.
"""

from __future__ import annotations

from collections import Counter

from shop.contracts import OrderCompletedIntegrationEvent

units_sold: Counter[int] = Counter()


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:  # expect: EVL401
    """Count the units of every product of a completed order."""
    for line in event.lines:
        units_sold[line.product_id] += line.units
