"""The seedwork package every service builds on (event bases, aggregate root, unit of work, mediator, event bus, outbox), written as is."""

from __future__ import annotations

#: Path inside ``mono/seedwork`` -> the module's text (dedented when written).
SEEDWORK: dict[str, str] = {
    "__init__.py": '''
        """Building blocks shared by every bounded context of the monorepo."""

        from .domain import AggregateRoot, Entity, ValueObject
        from .event_bus import EventBus, IntegrationEventHandler
        from .events import DomainEvent, IntegrationEvent, utcnow
        from .mediator import DomainEventHandler, Mediator
        from .outbox import MessageTransport, Outbox, OutboxMessage, OutboxRelay, OutboxStore
        from .unit_of_work import InMemoryUnitOfWork, UnitOfWork

        __all__ = [
            "AggregateRoot",
            "DomainEvent",
            "DomainEventHandler",
            "Entity",
            "EventBus",
            "InMemoryUnitOfWork",
            "IntegrationEvent",
            "IntegrationEventHandler",
            "Mediator",
            "MessageTransport",
            "Outbox",
            "OutboxMessage",
            "OutboxRelay",
            "OutboxStore",
            "UnitOfWork",
            "ValueObject",
            "utcnow",
        ]
    ''',
    "events.py": '''
        """Base classes of the two kinds of events.

        Domain events keep the aggregates of *one* bounded context consistent: they
        are raised by aggregates and dispatched in-process, inside the unit of work.
        Integration events are the published language between services: they travel
        through the message broker, once the transaction that produced them has
        committed (or through the transactional outbox).
        """

        from __future__ import annotations

        from dataclasses import dataclass, field
        from datetime import datetime, timezone
        from uuid import UUID, uuid4


        def utcnow() -> datetime:
            """The current time, timezone-aware, in UTC."""
            return datetime.now(timezone.utc)


        @dataclass(frozen=True, kw_only=True)
        class DomainEvent:
            """Something that happened to an aggregate of one bounded context."""

            occurred_on: datetime = field(default_factory=utcnow)


        @dataclass(frozen=True, kw_only=True)
        class IntegrationEvent:
            """A fact one service publishes for the other services through the broker."""

            id: UUID = field(default_factory=uuid4)
            creation_date: datetime = field(default_factory=utcnow)

            @property
            def event_name(self) -> str:
                """The routing key of the event on the broker."""
                return type(self).__name__
    ''',
    "domain.py": '''
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
                """The recorded domain events, forgotten by the aggregate."""
                events, self._domain_events = self._domain_events, []
                return events


        @dataclass(frozen=True)
        class ValueObject:
            """An immutable object compared by the values of its attributes."""
    ''',
    "unit_of_work.py": '''
        """The unit of work: one business transaction, committed or rolled back as a whole."""

        from __future__ import annotations

        from abc import ABC, abstractmethod
        from collections.abc import Callable, Iterator
        from contextlib import contextmanager


        class UnitOfWork(ABC):
            """Tracks the changes of one business transaction."""

            def __init__(self) -> None:
                self._after_commit: list[Callable[[], None]] = []

            @abstractmethod
            def commit(self) -> None:
                """Make every change of the transaction durable."""

            @abstractmethod
            def rollback(self) -> None:
                """Discard every change of the transaction."""

            def on_commit(self, callback: Callable[[], None]) -> None:
                """Run ``callback`` once the current transaction has committed."""
                self._after_commit.append(callback)

            @contextmanager
            def transaction(self) -> Iterator[None]:
                """Commit when the block exits normally, roll back when it raises."""
                try:
                    yield
                except BaseException:
                    self.rollback()
                    raise
                self.commit()

            def _run_after_commit_callbacks(self) -> None:
                callbacks, self._after_commit = self._after_commit, []
                for callback in callbacks:
                    callback()


        class InMemoryUnitOfWork(UnitOfWork):
            """A unit of work for tests and local runs: it only counts."""

            def __init__(self) -> None:
                super().__init__()
                self.commits = 0
                self.rollbacks = 0

            def commit(self) -> None:
                """Count the commit, then run the after-commit callbacks."""
                self.commits += 1
                self._run_after_commit_callbacks()

            def rollback(self) -> None:
                """Count the rollback and drop the pending callbacks."""
                self.rollbacks += 1
                self._after_commit.clear()
    ''',
    "mediator.py": '''
        """In-process, synchronous dispatch of domain events to their handlers."""

        from __future__ import annotations

        from collections import defaultdict
        from collections.abc import Callable, Iterable
        from dataclasses import dataclass
        from typing import Any, Protocol, TypeVar

        from .events import DomainEvent

        TDomainEvent = TypeVar("TDomainEvent", bound=DomainEvent, contravariant=True)


        class DomainEventHandler(Protocol[TDomainEvent]):
            """Reacts to a domain event inside the same bounded context and transaction."""

            def handle(self, event: TDomainEvent) -> None:
                """Apply the side effects of ``event``."""


        @dataclass(frozen=True, kw_only=True)
        class HandlerFailedDomainEvent(DomainEvent):
            """A handler raised while the mediator dispatched another domain event."""

            handler: str
            failed_event: str
            error: str


        class Mediator:
            """Dispatches domain events to the handlers subscribed to their type."""

            def __init__(self) -> None:
                self._handlers: dict[type[DomainEvent], list[Callable[[Any], None]]] = defaultdict(list)

            def subscribe(self, event_type: type[DomainEvent], handler: Callable[[Any], None]) -> None:
                """Call ``handler`` for every published event of ``event_type``."""
                self._handlers[event_type].append(handler)

            def publish(self, event: DomainEvent) -> None:
                """Run every handler subscribed to the type of ``event`` or one of its bases."""
                for event_type, handlers in list(self._handlers.items()):
                    if isinstance(event, event_type):
                        for handler in list(handlers):
                            handler(event)

            def publish_all(self, events: Iterable[DomainEvent]) -> None:
                """Publish several events, in order."""
                for event in events:
                    self.publish(event)
    ''',
    "event_bus.py": '''
        """The message broker abstraction used for integration events."""

        from __future__ import annotations

        from abc import ABC, abstractmethod
        from typing import Protocol, TypeVar

        from .events import IntegrationEvent

        TIntegrationEvent = TypeVar("TIntegrationEvent", bound=IntegrationEvent)
        TReceived = TypeVar("TReceived", bound=IntegrationEvent, contravariant=True)


        class IntegrationEventHandler(Protocol[TReceived]):
            """Consumes an integration event delivered by the broker."""

            def handle(self, event: TReceived) -> None:
                """Bring this service in sync with the fact announced by ``event``."""


        class EventBus(ABC):
            """Publishes integration events to, and subscribes to them on, the broker.

            Publishing leaves the process: call it only after the unit of work has
            committed, or write to the outbox instead.
            """

            @abstractmethod
            def publish(self, event: IntegrationEvent) -> None:
                """Send ``event`` to the broker."""

            @abstractmethod
            def subscribe(
                self,
                event_type: type[TIntegrationEvent],
                handler: IntegrationEventHandler[TIntegrationEvent],
            ) -> None:
                """Deliver every ``event_type`` received from the broker to ``handler``."""
    ''',
    "outbox.py": '''
        """The transactional outbox.

        Services that must publish an integration event as part of a transaction
        write it with :meth:`Outbox.add`, in the same transaction as their business
        data; the :class:`OutboxRelay` forwards the stored messages to the broker.
        """

        from __future__ import annotations

        import json
        from dataclasses import asdict, dataclass
        from datetime import datetime
        from typing import Protocol
        from uuid import UUID

        from .events import IntegrationEvent, utcnow


        @dataclass
        class OutboxMessage:
            """A serialized integration event waiting to be relayed."""

            id: UUID
            event_name: str
            payload: str
            created_at: datetime
            dispatched_at: datetime | None = None


        class OutboxStore(Protocol):
            """Persistence of outbox messages, sharing the business transaction."""

            def append(self, message: OutboxMessage) -> None:
                """Store a new message."""

            def pending(self, limit: int) -> list[OutboxMessage]:
                """Up to ``limit`` messages not relayed yet, oldest first."""

            def mark_dispatched(self, message_id: UUID, when: datetime) -> None:
                """Record that a message reached the broker."""


        class MessageTransport(Protocol):
            """The low-level broker client used by the relay."""

            def send(self, topic: str, body: bytes) -> None:
                """Send raw bytes to ``topic``."""


        class Outbox:
            """Writes integration events to the outbox in the current transaction."""

            def __init__(self, store: OutboxStore) -> None:
                self._store = store

            def add(self, event: IntegrationEvent) -> None:
                """Serialize ``event`` and store it with the business changes."""
                payload = json.dumps(asdict(event), default=str, sort_keys=True)
                self._store.append(
                    OutboxMessage(id=event.id, event_name=event.event_name, payload=payload, created_at=event.creation_date)
                )


        class OutboxRelay:
            """Forwards committed outbox messages to the broker, at least once."""

            def __init__(self, store: OutboxStore, transport: MessageTransport) -> None:
                self._store = store
                self._transport = transport

            def relay_pending(self, batch_size: int = 100) -> int:
                """Send one batch of pending messages; return how many were sent."""
                sent = 0
                for message in self._store.pending(batch_size):
                    self._transport.send(message.event_name, message.payload.encode("utf-8"))
                    self._store.mark_dispatched(message.id, utcnow())
                    sent += 1
                return sent
    ''',
}
