"""The transactional outbox.

Services that must publish an integration event as part of a transaction
write it to the outbox table with :meth:`Outbox.add`, in the same transaction
as their business data. The :class:`OutboxRelay` later forwards the stored
messages to the broker.
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
    """A serialized integration event waiting to be relayed to the broker."""

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
        """Return up to ``limit`` messages not relayed yet, oldest first."""

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
        message = OutboxMessage(
            id=event.id,
            event_name=event.event_name,
            payload=payload,
            created_at=event.creation_date,
        )
        self._store.append(message)


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
