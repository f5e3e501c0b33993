"""Revenue statistics for the catalog team.

The projector listens to ordering's domain events on the in-process mediator
instead of consuming an integration event: it only works while catalog and
ordering happen to run in the same process. One suppression outlived the
import it was written for.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from shop.ordering.domain.events import OrderPaidDomainEvent  # noqa: EVL201
from shop.ordering.domain.events import OrderCancelledDomainEvent as OrderCancelled  # expect: EVL201
from shop.seedwork import Mediator  # noqa: EVL201  # expect: EVL002


class SalesStatisticsProjector:
    """Daily revenue and cancellation counts."""

    def __init__(self) -> None:
        self.revenue_by_day: dict[date, Decimal] = {}
        self.cancellations_by_day: Counter[date] = Counter()

    def when_order_paid(self, event: OrderPaidDomainEvent) -> None:  # noqa: E501, EVL201
        """Add the paid total to the revenue of the day."""
        day = event.occurred_on.date()
        self.revenue_by_day[day] = self.revenue_by_day.get(day, Decimal("0")) + event.total

    def when_order_cancelled(self, event: OrderCancelled) -> None:  # expect: EVL201
        """Count the cancellation."""
        self.cancellations_by_day[event.occurred_on.date()] += 1


def register_sales_statistics(mediator: Mediator, projector: SalesStatisticsProjector) -> None:
    """Subscribe the projector to the ordering events it needs."""
    mediator.subscribe(OrderPaidDomainEvent, projector.when_order_paid)  # expect: EVL201
    mediator.subscribe(OrderCancelled, projector.when_order_cancelled)  # expect: EVL201
