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

    Publishing is asynchronous and leaves the process: call it only after the
    unit of work has committed, or write to the outbox instead.
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
