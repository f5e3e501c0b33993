"""Sends through the project's own wrappers: a function passing its argument on to a transport takes on its role."""

from __future__ import annotations

from projects import assert_fires_as_marked, shop_config

from eventlint import lint_sources

CONFIG = shop_config("ordering", "catalog")

BASE = {
    "shop/__init__.py": "",
    "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/ordering/__init__.py": "",
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent, IntegrationEvent\n\n\n"
        "class OrderStartedDomainEvent(DomainEvent):\n    order_id: int\n\n\n"
        "class OrderPaidIntegrationEvent(IntegrationEvent):\n    order_id: int\n"
    ),
    "shop/messaging.py": """\
import json

from kafka import KafkaProducer

producer = KafkaProducer()


def publish_event(topic, event) -> None:
    producer.send(topic, json.dumps(event.__dict__).encode())


def send_raw(topic, event) -> None:
    producer.send(topic, event)


class Bus:
    def publish(self, event, topic="events") -> None:
        send_raw(topic, event=event)

    def log(self, event) -> None:
        print(event)


def relay(event) -> None:
    relay(event)
""",
}


def check(files: dict[str, str], config: str = CONFIG) -> None:
    assert_fires_as_marked({**BASE, **files}, config)


def test_a_domain_event_handed_to_a_wrapper_of_a_broker() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from shop.messaging import Bus, publish_event, relay, send_raw
from shop.ordering.events import OrderStartedDomainEvent


def start(bus: Bus, order_id: int) -> None:
    event = OrderStartedDomainEvent(order_id=order_id)
    send_raw("orders", event)  # expect: EVL202
    bus.publish(event)  # expect: EVL202
    Bus().publish(topic="orders", event=event)  # expect: EVL202
    bus.log(event)
    relay(event)
    publish_event("orders", order_id)
""",
        }
    )


def test_a_serialised_argument_is_passed_on_too_and_the_message_names_the_wrapper() -> None:
    files = {
        "shop/ordering/service.py": (
            "from shop.messaging import publish_event\nfrom shop.ordering.events import OrderStartedDomainEvent\n\n\n"
            "def start(order_id: int) -> None:\n"
            "    publish_event('orders', OrderStartedDomainEvent(order_id=order_id))\n"
        ),
    }
    result = lint_sources({**BASE, **files}, CONFIG)
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == [("EVL202", "shop/ordering/service.py", 6)]


def test_a_wrapper_whose_parameter_is_typed_as_the_event_is_judged_inside_only() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from kafka import KafkaProducer

from shop.ordering.events import OrderStartedDomainEvent

producer = KafkaProducer()


def forward(event: OrderStartedDomainEvent) -> None:
    producer.send("orders", event)  # expect: EVL202


def start(order_id: int) -> None:
    forward(OrderStartedDomainEvent(order_id=order_id))
""",
        }
    )


def test_an_integration_event_through_a_wrapper_inside_a_transaction() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from django.db import transaction

from shop.messaging import Bus
from shop.ordering.events import OrderPaidIntegrationEvent


def pay(bus: Bus, order_id: int) -> None:
    with transaction.atomic():
        bus.publish(OrderPaidIntegrationEvent(order_id=order_id))  # expect: EVL302
    bus.publish(OrderPaidIntegrationEvent(order_id=order_id))
""",
        }
    )


def test_a_wrapper_call_sent_inside_a_transaction_is_reported_where_it_is_made_once() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from django.db import transaction

from shop.messaging import publish_event
from shop.ordering.events import OrderStartedDomainEvent


def start(order_id: int) -> None:
    with transaction.atomic():
        publish_event("orders", OrderStartedDomainEvent(order_id=order_id))  # expect: EVL202, EVL304
""",
        }
    )


def test_a_message_made_of_the_argument_is_passed_on_through_a_local() -> None:
    """`message = translate(event)` then `send(message)`: the wrapper sends what it was given; `type(event)` does not."""
    check(
        {
            "shop/relay.py": """\
from kafka import KafkaProducer

producer = KafkaProducer()


def translate(event) -> dict:
    return {"type": type(event).__name__, "data": vars(event)}


def publish(event) -> None:
    message = translate(event)
    producer.send("events", message)


def announce(event) -> None:
    kind = type(event)
    producer.send("kinds", kind)
""",
            "shop/ordering/service.py": """\
from shop.ordering.events import OrderStartedDomainEvent
from shop.relay import announce, publish


def start(order_id: int) -> None:
    publish(OrderStartedDomainEvent(order_id=order_id))  # expect: EVL202
    announce(OrderStartedDomainEvent(order_id=order_id))
""",
        }
    )
