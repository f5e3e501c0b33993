"""The shipment feed of the warehouse system, on Kafka (kafka-python).

The warehouse team asked for "every shipment, as it happens", so the ordering
domain event itself is serialised onto their topic: its fields (and its
misleading ``occurred_on``, set before the commit) became their contract.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from kafka import KafkaProducer

from shop.ordering.domain import OrderShipped

SHIPMENTS_TOPIC = "warehouse.shipments"


class ShipmentFeed:
    """Streams shipped orders to the warehouse; subscribed to OrderShipped on the mediator."""

    def __init__(self, bootstrap_servers: str) -> None:
        self.producer = KafkaProducer(bootstrap_servers=bootstrap_servers, value_serializer=str.encode)

    def on_order_shipped(self, event: OrderShipped) -> None:
        """Send the shipped order to the warehouse topic."""
        self.producer.send(SHIPMENTS_TOPIC, value=json.dumps(asdict(event)))  # expect: EVL202
