"""`eventlint init` reads what the code does: wrappers by the calls they reach, kinds by how events travel,
flows between contexts.

Each test builds a small project, runs `eventlint init` through the command line, and reads the proposal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import run, write

from eventlint.checks.registry import codes_matching
from eventlint.config.loading import parse_config

SEEDWORK = "class DomainEvent: ...\n"
KAFKA_WRAPPER = (
    "import json\n"
    "from dataclasses import asdict\n\n"
    "from aiokafka import AIOKafkaProducer\n\n"
    "producer = AIOKafkaProducer()\n\n\n"
    "async def publish_event(event):\n"
    '    await producer.send_and_wait("orders", json.dumps(asdict(event)).encode())\n'
)


def kafka_project(service: str) -> dict[str, str]:
    """A shop whose ordering service is `service`, beside a `publish_event` wrapper of aiokafka."""
    return {
        "shop/__init__.py": "",
        "shop/seedwork.py": SEEDWORK,
        "shop/kafka.py": KAFKA_WRAPPER,
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass OrderPlaced(DomainEvent): ...\n",
        "shop/ordering/service.py": service,
    }


def proposed(tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> str:
    """The proposal for a project, checked to load through the real loader."""
    write(tmp_path, files)
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 0, err
    parse_config(out, root=tmp_path, source=tmp_path / "eventlint.toml", rule_codes=codes_matching)
    assert "warning" not in err
    return out


def test_a_wrapper_is_proposed_with_the_role_of_what_it_finally_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`publish_event(event)` sending to Kafka is a broker call, with its chain, not a local one by its name."""
    out = proposed(
        tmp_path,
        capsys,
        kafka_project(
            "from shop.kafka import publish_event\n"
            "from shop.ordering.events import OrderPlaced\n\n\n"
            "async def place():\n"
            "    await publish_event(OrderPlaced())\n"
        ),
    )
    assert (
        "broker = [\n"
        '    "shop.kafka.publish_event",  # shop.kafka.publish_event -> aiokafka.AIOKafkaProducer.send_and_wait; '
        "1 call in 1 file\n]\n"
    ) in out
    assert "local = [" not in out


BUS_USER = (
    "from shop.ordering.events import OrderPlaced\n\n\n"
    "class PlaceOrder:\n"
    "    def __init__(self, bus):\n"
    "        self.bus = bus\n\n"
    "    def __call__(self):\n"
    "        self.bus.publish(OrderPlaced())\n"
)
KAFKA_BUS = (
    "from kafka import KafkaProducer\n\n\n"
    "class KafkaEventBus:\n"
    "    def __init__(self):\n"
    "        self.producer = KafkaProducer()\n\n"
    "    def publish(self, event):\n"
    '        self.producer.send("orders", event.to_json())\n'
)
ABSTRACT_BUS = "import abc\n\n\nclass EventBus(abc.ABC):\n    @abc.abstractmethod\n    def publish(self, event): ...\n"


def bus_project(*buses: str) -> dict[str, str]:
    files = {
        "shop/__init__.py": "",
        "shop/seedwork.py": SEEDWORK,
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass OrderPlaced(DomainEvent): ...\n",
        "shop/ordering/service.py": BUS_USER,
    }
    files.update({f"shop/bus_{number}.py": text for number, text in enumerate(buses)})
    return files


def test_an_untyped_receiver_takes_the_role_every_implementation_of_its_method_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = proposed(tmp_path, capsys, bus_project(ABSTRACT_BUS, KAFKA_BUS))
    assert (
        '    "*.bus.publish",  # 1 call in 1 file, carrying OrderPlaced; every implementation sends it to a broker: '
        "shop.bus_1.KafkaEventBus.publish -> kafka.KafkaProducer.send\n"
    ) in out
    assert out.index('"*.bus.publish"') > out.index("broker = [")


def test_implementations_that_differ_leave_the_role_to_the_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    in_memory = (
        "class InMemoryEventBus:\n"
        "    def __init__(self):\n"
        "        self.handlers = {}\n\n"
        "    def publish(self, event):\n"
        "        for handler in self.handlers.get(type(event), []):\n"
        "            handler(event)\n"
    )
    out = proposed(tmp_path, capsys, bus_project(KAFKA_BUS, in_memory))
    assert "broker = [" not in out and "local = [" not in out
    assert (
        '#   "*.bus.publish",  # 1 call in 1 file, carrying OrderPlaced; its implementations differ: '
        "shop.bus_0.KafkaEventBus.publish -> kafka.KafkaProducer.send (broker), "
        "shop.bus_1.InMemoryEventBus.publish (hands it to its handlers): add it under the role it has\n"
    ) in out


def test_an_implementation_keeping_the_event_for_later_is_not_called_local(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffering = (
        "class BufferedBus:\n"
        "    def __init__(self):\n"
        "        self.events = []\n\n"
        "    def publish(self, event):\n"
        "        self.events.append(event)\n"
    )
    out = proposed(tmp_path, capsys, bus_project(KAFKA_BUS, buffering))
    assert "shop.bus_1.BufferedBus.publish (keeps the event for later)" in out
    assert "local = [" not in out


def test_a_task_helper_called_without_an_event_is_not_proposed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A function enqueuing a task of its own is followed by the check from its callers; no pattern is needed."""
    out = proposed(
        tmp_path,
        capsys,
        kafka_project(
            "from shop.kafka import publish_event\n\n\nasync def audit(order_id):\n    await publish_event({'id': order_id})\n"
        ),
    )
    assert "publish_event" not in out


def test_bases_named_public_and_internal_give_their_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = proposed(
        tmp_path,
        capsys,
        {
            "shop/__init__.py": "",
            "shop/events.py": "class PublicEvent: ...\n\n\nclass InternalEvent: ...\n",
            "shop/ordering/__init__.py": "",
            "shop/ordering/events.py": (
                "from shop.events import InternalEvent, PublicEvent\n\n\n"
                "class OrderPlaced(PublicEvent): ...\n\n\nclass LineAdded(InternalEvent): ...\n"
            ),
        },
    )
    assert (
        "domain-bases = [\n"
        '    "shop.events.InternalEvent",  # 1 class derives from it: LineAdded; its name says internal\n]\n'
        "integration-bases = [\n"
        '    "shop.events.PublicEvent",  # 1 class derives from it: OrderPlaced; its name says published\n]\n'
    ) in out


def outbox_project(extra: dict[str, str] | None = None) -> dict[str, str]:
    """One `Event` base; its events written to an outbox in ordering and handled in shipping."""
    files = {
        "shop/__init__.py": "",
        "shop/seedwork.py": "class Event: ...\n",
        "shop/ordering/__init__.py": "",
        "shop/ordering/events.py": (
            "from shop.seedwork import Event\n\n\nclass OrderPlaced(Event): ...\n\n\nclass OrderShipped(Event): ...\n"
        ),
        "shop/ordering/service.py": (
            "from shop.ordering.events import OrderPlaced, OrderShipped\n\n\n"
            "class PlaceOrder:\n"
            "    def __init__(self, outbox):\n"
            "        self.outbox = outbox\n\n"
            "    def place(self):\n"
            "        self.outbox.add(OrderPlaced())\n\n"
            "    def ship(self):\n"
            "        self.outbox.add(OrderShipped())\n"
        ),
        "shop/shipping/__init__.py": "",
        "shop/shipping/handlers.py": (
            "from shop.ordering.events import OrderPlaced\n\n\ndef on_order_placed(event: OrderPlaced) -> None: ...\n"
        ),
    }
    files.update(extra or {})
    return files


def test_a_base_whose_events_leave_their_context_is_integration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = proposed(tmp_path, capsys, outbox_project())
    assert (
        "integration-bases = [\n"
        '    "shop.seedwork.Event",  # 2 classes derive from it: OrderPlaced, OrderShipped; 2 events leave their '
        "context (a broker, an outbox, another context's handler): OrderPlaced (outbox, shop/ordering/service.py), "
        "OrderShipped (outbox, shop/ordering/service.py)\n]\n"
    ) in out
    assert "domain-bases" not in out
    write(tmp_path, {"eventlint.toml": out})
    code, report, _ = run(capsys, "check", str(tmp_path))
    assert "EVL102" in report  # integration events named as neither kind
    assert "EVL201" not in report  # read as domain events, handling OrderPlaced in shipping would cross contexts


def test_evidence_against_the_kind_taken_is_said_under_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two events leave their context, one is dispatched in-process: integration, with the one as a doubt."""
    local = {
        "shop/ordering/audit.py": (
            "from shop.seedwork import Event\n\n\n"
            "class OrderAudited(Event): ...\n\n\n"
            "def audit(mediator):\n"
            "    mediator.publish(OrderAudited())\n"
        ),
    }
    out = proposed(tmp_path, capsys, outbox_project(local))
    assert '    "shop.seedwork.Event",  # 3 classes derive from it' in out
    assert (
        "    #   but: 1 event stays in its context (dispatched in-process, handled there only): OrderAudited "
        "(in-process, shop/ordering/audit.py); as integration events they will be reported\n"
    ) in out


def domain_named(files: dict[str, str]) -> dict[str, str]:
    """The outbox project with its base named `DomainEvent`."""
    files["shop/seedwork.py"] = "class DomainEvent: ...\n"
    files["shop/ordering/events.py"] = files["shop/ordering/events.py"].replace("import Event", "import DomainEvent")
    files["shop/ordering/events.py"] = files["shop/ordering/events.py"].replace("(Event)", "(DomainEvent)")
    return files


def test_a_base_named_domain_keeps_its_kind_and_says_what_contradicts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its events go to an outbox, but one of them is also dispatched in-process: the name stands, the rest is said."""
    files = domain_named(outbox_project())
    files["shop/ordering/shipping.py"] = (
        "from shop.ordering.events import OrderShipped\n\n\ndef ship(mediator):\n    mediator.publish(OrderShipped())\n"
    )
    out = proposed(tmp_path, capsys, files)
    assert (
        '"shop.seedwork.DomainEvent",  # 2 classes derive from it: OrderPlaced, OrderShipped\n    #   but: 2 events leave' in out
    )
    assert "as domain events they will be reported\n" in out


def test_a_base_named_domain_whose_events_all_leave_their_context_is_integration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = proposed(tmp_path, capsys, domain_named(outbox_project()))
    assert (
        "integration-bases = [\n"
        '    "shop.seedwork.DomainEvent",  # 2 classes derive from it: OrderPlaced, OrderShipped; 2 events leave their context'
    ) in out
    assert "    #   but: its name says internal; as domain events they would be reported\n" in out
    # A base configured as integration events is one, whatever its name says.
    write(tmp_path, {"eventlint.toml": out})
    code, report, _ = run(capsys, "check", str(tmp_path))
    assert "EVL102" in report and "EVL101" not in report and "EVL202" not in report


def test_a_port_takes_the_role_of_its_implementations_not_of_every_method_so_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`self.publisher: EventPublisher` (abstract): its one subclass sends with pika; an unrelated `publish` does not count."""
    files = bus_project()
    files.update(
        {
            "shop/ports.py": (
                "import abc\n\n\nclass EventPublisher(abc.ABC):\n    @abc.abstractmethod\n    def publish(self, event): ...\n"
            ),
            "shop/rabbit.py": (
                "import pika\n\nfrom shop.ports import EventPublisher\n\n\n"
                "class RabbitPublisher(EventPublisher):\n"
                "    def __init__(self):\n"
                "        self.channel = pika.BlockingConnection().channel()\n\n"
                "    def publish(self, event):\n"
                '        self.channel.basic_publish(exchange="", routing_key="orders", body=event.to_json())\n'
            ),
            "shop/signals.py": "class Signal:\n    def publish(self, event):\n        for receiver in []:\n            receiver(event)\n",
            "shop/ordering/service.py": (
                "from shop.ordering.events import OrderPlaced\nfrom shop.ports import EventPublisher\n\n\n"
                "class PlaceOrder:\n"
                "    def __init__(self, publisher: EventPublisher):\n"
                "        self.publisher = publisher\n\n"
                "    def __call__(self):\n"
                "        self.publisher.publish(OrderPlaced())\n"
            ),
        }
    )
    out = proposed(tmp_path, capsys, files)
    assert (
        '    "*.publisher.publish",  # 1 call in 1 file, carrying OrderPlaced; every implementation sends it to a broker: '
        "shop.rabbit.RabbitPublisher.publish -> pika.BlockingConnection.channel.basic_publish\n"
    ) in out


def test_a_call_carrying_both_kinds_takes_the_role_most_of_its_calls_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = (
        "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n\n\n"
        "class OrderPlacedIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class OrderPaidIntegrationEvent(IntegrationEvent): ...\n\n\n"
        "class LineAddedDomainEvent(DomainEvent): ...\n"
    )
    service = (
        "from shop.events import LineAddedDomainEvent, OrderPaidIntegrationEvent, OrderPlacedIntegrationEvent\n\n\n"
        "def place(bus):\n    bus.publish(OrderPlacedIntegrationEvent())\n\n\n"
        "def pay(bus):\n    bus.publish(OrderPaidIntegrationEvent())\n\n\n"
        "def add(bus):\n    bus.publish(LineAddedDomainEvent())\n"
    )
    out = proposed(tmp_path, capsys, {"shop/__init__.py": "", "shop/events.py": events, "shop/service.py": service})
    assert (
        '    "*.bus.publish",  # 3 calls in 1 file, carrying OrderPlacedIntegrationEvent, OrderPaidIntegrationEvent, '
        "LineAddedDomainEvent; most of its calls carry integration events; 1 call carrying domain events will be reported\n"
    ) in out
    assert out.index('"*.bus.publish"') > out.index("broker = [")
    # A receiver not named as a bus or publisher (`uow.events`): the kinds alone do not decide.
    write(tmp_path, {"shop/service.py": service.replace("(bus)", "(uow)").replace("bus.publish", "uow.events.publish")})
    code, out, _ = run(capsys, "init", str(tmp_path))
    assert '#   "*.events.publish",  # 3 calls in 1 file' in out
    assert "only the kinds of the events it carries suggest broker" in out


def test_domain_events_only_sent_to_a_broker_stay_domain_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No other context takes them in: sending them out is the mistake EVL202 reports, not a sign of their kind."""
    files = domain_named(outbox_project())
    del files["shop/shipping/handlers.py"]
    out = proposed(tmp_path, capsys, files)
    assert 'domain-bases = [\n    "shop.seedwork.DomainEvent",' in out
    assert "    #   but: 2 events leave their context" in out


def test_a_bus_dispatching_in_process_and_sending_on_has_no_one_role(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hybrid = (
        "from kafka import KafkaProducer\n\n\n"
        "class LocalBus:\n"
        "    def __init__(self):\n"
        "        self.handlers = []\n\n"
        "    def publish(self, event):\n"
        "        for handler in self.handlers:\n"
        "            handler(event)\n\n\n"
        "class HybridBus(LocalBus):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.producer = KafkaProducer()\n\n"
        "    def publish(self, event):\n"
        "        super().publish(event)\n"
        '        self.producer.send("events", event.to_json())\n'
    )
    out = proposed(tmp_path, capsys, bus_project(hybrid))
    assert "shop.bus_0.HybridBus.publish (does both: broker and local)" in out
    assert "broker = [" not in out and "local = [" not in out


def test_events_handed_to_an_outbox_library_are_integration_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`event_outbox.EventListener.event_occurred(...)`: a library named for an outbox takes the events in."""
    out = proposed(
        tmp_path,
        capsys,
        {
            "shop/__init__.py": "",
            "shop/messages.py": (
                "from event_outbox import Event, EventListener\n\n\n"
                "class OrderCreated(Event): ...\n\n\n"
                "class OrderPaid(Event): ...\n\n\n"
                "class Orders:\n"
                "    def __init__(self, listener: EventListener):\n"
                "        self.listener = listener\n\n"
                "    def create(self):\n"
                "        self.listener.event_occurred(OrderCreated())\n\n"
                "    def pay(self):\n"
                "        self.listener.event_occurred(OrderPaid())\n"
            ),
        },
    )
    assert (
        "outbox = [\n"
        '    "event_outbox.EventListener.event_occurred",  # 2 calls in 1 file, carrying OrderCreated, OrderPaid; '
        "a library named for an outbox\n]\n"
    ) in out
    assert 'integration-bases = [\n    "event_outbox.Event",' in out


def test_bases_named_in_spanish_give_their_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = proposed(
        tmp_path,
        capsys,
        {
            "alpes/__init__.py": "",
            "alpes/seedwork.py": "class EventoDominio: ...\n\n\nclass EventoIntegracion: ...\n",
            "alpes/contratos/__init__.py": "",
            "alpes/contratos/eventos.py": (
                "from alpes.seedwork import EventoDominio, EventoIntegracion\n\n\n"
                "class ContratoCreado(EventoDominio): ...\n\n\nclass ContratoPublicado(EventoIntegracion): ...\n"
            ),
        },
    )
    assert 'domain-bases = [\n    "alpes.seedwork.EventoDominio",  # 1 class derives from it: ContratoCreado\n]\n' in out
    assert (
        'integration-bases = [\n    "alpes.seedwork.EventoIntegracion",  # 1 class derives from it: ContratoPublicado\n]\n' in out
    )


def test_a_marker_class_named_for_a_kind_does_not_give_the_base_its_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`class IntegrationEvent(BaseEvent)`, unused: the events of `BaseEvent` go through an in-process mediator."""
    out = proposed(
        tmp_path,
        capsys,
        {
            "app/__init__.py": "",
            "app/events.py": (
                "class BaseEvent: ...\n\n\nclass IntegrationEvent(BaseEvent): ...\n\n\n"
                "class UserCreated(BaseEvent): ...\n\n\nclass PaymentPaid(BaseEvent): ...\n"
            ),
            "app/service.py": (
                "from app.events import PaymentPaid, UserCreated\n\n\n"
                "def sign_up(mediator):\n    mediator.publish(UserCreated())\n\n\n"
                "def pay(mediator):\n    mediator.publish(PaymentPaid())\n"
            ),
        },
    )
    assert 'domain-bases = [\n    "app.events.BaseEvent",' in out
    assert "integration-bases" not in out


def test_a_payload_serialised_from_the_event_is_passed_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`xadd(stream, {"data": event.data.model_dump_json()})`-like: the event's own data, serialised, goes out."""
    publisher = (
        "import redis\n\n\n"
        "class RedisPublisher:\n"
        "    def __init__(self):\n"
        "        self.client = redis.Redis()\n\n"
        "    def publish(self, event):\n"
        '        self.client.publish("orders", event.data.model_dump_json())\n'
    )
    out = proposed(tmp_path, capsys, bus_project(publisher.replace("RedisPublisher", "RedisBus")))
    assert '"*.bus.publish",  # 1 call in 1 file, carrying OrderPlaced; every implementation sends it to a broker' in out
