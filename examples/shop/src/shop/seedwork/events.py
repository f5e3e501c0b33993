"""Base classes for the two kinds of events used by the shop services.

Domain events keep the aggregates of *one* bounded context consistent: they
are raised by aggregates and dispatched in-process, inside the unit of work.
Integration events are the published language between services: they travel
through the message broker, and only once the transaction that produced them
has committed (or through the transactional outbox).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from uuid import UUID, uuid4


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened to an aggregate of one bounded context."""

    occurred_on: datetime = field(default_factory=utcnow)


@dataclass(frozen=True, kw_only=True)
class IntegrationEvent:
    """A fact one service publishes for other services through the broker."""

    id: UUID = field(default_factory=uuid4)
    creation_date: datetime = field(default_factory=utcnow)

    @property
    def event_name(self) -> str:
        """The routing key of the event on the message broker."""
        return type(self).__name__
