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
        {
            "shop/__init__.py": "",
            "shop/seedwork.py": SEEDWORK,
            "shop/kafka.py": KAFKA_WRAPPER,
            "shop/ordering/__init__.py": "",
            "shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass OrderPlaced(DomainEvent): ...\n",
            "shop/ordering/service.py": (
                "from shop.kafka import publish_event\n"
                "from shop.ordering.events import OrderPlaced\n\n\n"
                "async def place():\n"
                "    await publish_event(OrderPlaced())\n"
            ),
        },
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
        '    "*.bus.publish",  # 1 call in 1 file, carrying OrderPlaced; every implementation passes it on: '
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
        '#   "*.bus.publish",  # 1 call in 1 file, carrying OrderPlaced; shop.bus_1.InMemoryEventBus.publish passes '
        "it to no transport eventlint knows, shop.bus_0.KafkaEventBus.publish -> kafka.KafkaProducer.send: "
        "add it under the role it has\n"
    ) in out


def test_an_implementation_keeping_the_event_for_later_is_not_called_local(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffering = (
        "class UnitOfWork:\n"
        "    def __init__(self):\n"
        "        self.events = []\n\n"
        "    def publish(self, event):\n"
        "        self.events.append(event)\n"
    )
    out = proposed(tmp_path, capsys, bus_project(KAFKA_BUS, buffering))
    assert "shop.bus_1.UnitOfWork.publish keeps the event for later" in out
    assert "local = [" not in out


def test_a_task_helper_called_without_an_event_is_not_proposed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A function enqueuing a task of its own is followed by the check from its callers; no pattern is needed."""
    out = proposed(
        tmp_path,
        capsys,
        {
            "shop/__init__.py": "",
            "shop/seedwork.py": SEEDWORK,
            "shop/kafka.py": KAFKA_WRAPPER,
            "shop/ordering/__init__.py": "",
            "shop/ordering/events.py": "from shop.seedwork import DomainEvent\n\n\nclass OrderPlaced(DomainEvent): ...\n",
            "shop/ordering/service.py": (
                "from shop.kafka import publish_event\n\n\nasync def audit(order_id):\n    await publish_event({'id': order_id})\n"
            ),
        },
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
    code, report, _ = run(capsys, "check", str(tmp_path), "--format", "concise")
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


def test_a_base_named_domain_keeps_its_kind_and_says_what_contradicts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = outbox_project()
    files["shop/seedwork.py"] = "class DomainEvent: ...\n"
    files["shop/ordering/events.py"] = files["shop/ordering/events.py"].replace("import Event", "import DomainEvent")
    files["shop/ordering/events.py"] = files["shop/ordering/events.py"].replace("(Event)", "(DomainEvent)")
    out = proposed(tmp_path, capsys, files)
    assert (
        '"shop.seedwork.DomainEvent",  # 2 classes derive from it: OrderPlaced, OrderShipped\n    #   but: 2 events leave' in out
    )
    assert "as domain events they will be reported\n" in out


def test_the_flows_between_contexts_are_proposed_commented_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Uncommented as they are, they declare every flow the code shows: EVL401 has nothing to report."""
    out = proposed(tmp_path, capsys, outbox_project())
    block = '# relationships = [\n#     "ordering -> shipping",  # consumes OrderPlaced (shop/shipping/handlers.py:4)\n# ]\n'
    assert block in out
    confirmed = out.replace(block, 'relationships = [\n    "ordering -> shipping",\n]\n')
    write(tmp_path, {"eventlint.toml": confirmed})
    code, report, _ = run(capsys, "check", str(tmp_path), "--select", "EVL401")
    assert code == 0 and "EVL401" not in report
    write(tmp_path, {"eventlint.toml": confirmed.replace('"ordering -> shipping"', '"shipping -> ordering"')})
    code, report, _ = run(capsys, "check", str(tmp_path), "--select", "EVL401")
    assert code == 1 and "EVL401" in report


EMITTING = "from shop.ordering.events import OrderPlaced\n\n\ndef place(uow):\n    uow.emit(OrderPlaced())\n"


def test_an_emit_writing_an_outbox_record_is_an_outbox_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit_of_work = (
        "from shop.models import OutboxMessage\n\n\n"
        "class UnitOfWork:\n"
        "    def __init__(self, session):\n"
        "        self.session = session\n\n"
        "    def emit(self, event):\n"
        "        self.session.add(OutboxMessage(payload=event.model_dump_json()))\n"
    )
    files = bus_project()
    files.update(
        {"shop/ordering/service.py": EMITTING, "shop/uow.py": unit_of_work, "shop/models.py": "class OutboxMessage: ...\n"}
    )
    out = proposed(tmp_path, capsys, files)
    assert (
        "outbox = [\n"
        '    "*.uow.emit",  # 1 call in 1 file, carrying OrderPlaced; every implementation writes it to an outbox: '
        "shop.uow.UnitOfWork.emit\n]\n"
    ) in out
    assert "local = [" not in out


def test_an_emit_keeping_events_for_later_is_left_to_the_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit_of_work = (
        "class UnitOfWork:\n"
        "    def __init__(self):\n"
        "        self.pending = []\n\n"
        "    def emit(self, event):\n"
        "        self.pending.append(event)\n"
    )
    files = bus_project()
    files.update({"shop/ordering/service.py": EMITTING, "shop/uow.py": unit_of_work})
    out = proposed(tmp_path, capsys, files)
    assert (
        '#   "*.uow.emit",  # 1 call in 1 file, carrying OrderPlaced; shop.uow.UnitOfWork.emit keeps the event for later: '
        "add it under the role it has\n"
    ) in out
    assert "local = [" not in out
