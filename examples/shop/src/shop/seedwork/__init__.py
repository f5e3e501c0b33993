"""Building blocks shared by every bounded context of the shop."""

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
