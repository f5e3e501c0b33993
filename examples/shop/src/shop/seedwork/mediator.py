"""In-process, synchronous dispatch of domain events to their handlers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from .events import DomainEvent

TDomainEvent = TypeVar("TDomainEvent", bound=DomainEvent, contravariant=True)


class DomainEventHandler(Protocol[TDomainEvent]):
    """Reacts to a domain event inside the same bounded context and transaction."""

    def handle(self, event: TDomainEvent) -> None:
        """Apply the side effects of ``event`` to other aggregates."""


class Mediator:
    """Dispatches domain events to the handlers subscribed to their type.

    Handlers run synchronously, in the caller's unit of work, so everything
    they change is committed (or rolled back) together with the aggregate that
    raised the event.
    """

    def __init__(self) -> None:
        self._handlers: dict[type[DomainEvent], list[Callable[[Any], None]]] = defaultdict(list)

    def subscribe(self, event_type: type[DomainEvent], handler: Callable[[Any], None]) -> None:
        """Call ``handler`` for every published event of ``event_type``."""
        self._handlers[event_type].append(handler)

    def publish(self, event: DomainEvent) -> None:
        """Run every handler subscribed to the type of ``event`` or to one of its bases."""
        for event_type, handlers in list(self._handlers.items()):
            if isinstance(event, event_type):
                for handler in list(handlers):
                    handler(event)

    def publish_all(self, events: Iterable[DomainEvent]) -> None:
        """Publish several events, in order."""
        for event in events:
            self.publish(event)
