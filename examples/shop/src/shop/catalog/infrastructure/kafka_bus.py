"""The catalog's event bus on Kafka (kafka-python).

The catalog only publishes: the services that consume its integration events
run their own consumers. Callers publish once the unit of work has committed.
"""

from __future__ import annotations

import dataclasses
import json

from kafka import KafkaProducer

from shop.seedwork import EventBus, IntegrationEvent, IntegrationEventHandler
from shop.seedwork.event_bus import TIntegrationEvent


class KafkaEventBus(EventBus):
    """Sends every integration event to the topic named after it."""

    def __init__(self, bootstrap_servers: str, topic_prefix: str = "shop.") -> None:
        self.producer = KafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", linger_ms=5)
        self.topic_prefix = topic_prefix

    def publish(self, event: IntegrationEvent) -> None:
        """Send ``event`` and wait until the brokers acknowledged it."""
        topic = f"{self.topic_prefix}{event.event_name}"
        self.producer.send(topic, value=json.dumps(dataclasses.asdict(event), default=str).encode())
        self.producer.flush()

    def subscribe(
        self,
        event_type: type[TIntegrationEvent],
        handler: IntegrationEventHandler[TIntegrationEvent],
    ) -> None:
        """The catalog consumes nothing from Kafka."""
        raise NotImplementedError(f"the catalog does not consume {event_type.__name__}")
