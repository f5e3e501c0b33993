"""The common base of the ordering context's domain events."""

from __future__ import annotations

from dataclasses import dataclass

from shop.seedwork import DomainEvent


@dataclass(frozen=True, kw_only=True)
class OrderingDomainEvent(DomainEvent):
    """Abstract base of every domain event raised by the ordering aggregates.

    Handlers that audit the whole context subscribe to this type; concrete
    events derive from it.
    """

    @property
    def context(self) -> str:
        """The bounded context the event belongs to."""
        return "ordering"
