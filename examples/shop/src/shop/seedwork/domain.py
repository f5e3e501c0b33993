"""Tactical building blocks: entities, aggregate roots and value objects."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .events import DomainEvent

TId = TypeVar("TId", bound=Hashable)


class Entity(Generic[TId]):
    """An object defined by its identity rather than by its attributes."""

    def __init__(self, entity_id: TId) -> None:
        self._id = entity_id

    @property
    def id(self) -> TId:
        """The identity of the entity, stable for its whole life."""
        return self._id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other._id == self._id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._id))


class AggregateRoot(Entity[TId]):
    """The entry point of an aggregate; it records the domain events it raises."""

    def __init__(self, entity_id: TId) -> None:
        super().__init__(entity_id)
        self._domain_events: list[DomainEvent] = []

    @property
    def domain_events(self) -> tuple[DomainEvent, ...]:
        """The domain events raised since they were last pulled."""
        return tuple(self._domain_events)

    def add_domain_event(self, event: DomainEvent) -> None:
        """Record a domain event, to be dispatched before the unit of work commits."""
        self._domain_events.append(event)

    def pull_domain_events(self) -> list[DomainEvent]:
        """Return the recorded domain events and forget them."""
        events, self._domain_events = self._domain_events, []
        return events


@dataclass(frozen=True)
class ValueObject:
    """An immutable object compared by the values of its attributes."""
