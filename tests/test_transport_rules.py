"""EVL202, EVL301, EVL302, EVL303 on small in-memory projects, violations and traps alike."""

from __future__ import annotations

from markers import actual, expected
from projects import PATTERNS, assert_fires_as_marked, shop_config

from eventlint import lint_sources

CONFIG = shop_config("ordering", "catalog", "basket", published_language=True, dispatch=list(PATTERNS))  # every role

BASE = {
    "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n\n\n"
        "class OrderStartedDomainEvent(DomainEvent):\n    order_id: int\n"
    ),
    "shop/contracts.py": (
        "from dataclasses import dataclass\n\nfrom shop.seedwork import IntegrationEvent\n\n\n"
        "@dataclass\nclass ProductPriceChangedIntegrationEvent(IntegrationEvent):\n    product_id: int\n    price: int\n"
    ),
}


def check(files: dict[str, str], config: str = CONFIG) -> None:
    assert_fires_as_marked({**BASE, **files}, config)


# -- EVL202 ---------------------------------------------------------------------------


def test_domain_event_to_configured_broker_outbox_and_kafka() -> None:
    check(
        {
            "shop/ordering/service.py": """\
import json
from dataclasses import asdict

from kafka import KafkaProducer

from shop.ordering.events import OrderStartedDomainEvent


class OrderingService:
    def __init__(self, event_bus, outbox) -> None:
        self.event_bus = event_bus
        self.outbox = outbox
        self.producer = KafkaProducer()

    def start(self, order_id: int) -> None:
        self.event_bus.publish(OrderStartedDomainEvent(order_id=order_id))  # expect: EVL202
        event = OrderStartedDomainEvent(order_id=order_id)
        self.outbox.add(event)  # expect: EVL202
        self.producer.send("orders", value=json.dumps(asdict(event)).encode())  # expect: EVL202

    def forward(self, event: OrderStartedDomainEvent) -> None:
        self.producer.send(  # expect: EVL202
            "orders",
            value=event.to_json(),
        )

    def in_process(self, mediator) -> None:
        mediator.publish(OrderStartedDomainEvent(order_id=1))
""",
        }
    )


def test_unresolved_values_are_not_guessed() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from shop.ordering.events import OrderStartedDomainEvent


def to_integration_event(event):
    return event


class OrderingService:
    def __init__(self, event_bus, order) -> None:
        self.event_bus = event_bus
        self.order = order

    def publish_all(self, events) -> None:
        for event in self.order.events:
            self.event_bus.publish(event)
        self.event_bus.publish(to_integration_event(OrderStartedDomainEvent(order_id=1)))
        self.event_bus.publish(OrderStartedDomainEvent.__name__)
        self.event_bus.publish(OrderStartedDomainEvent)
""",
        }
    )


def test_event_base_annotation_gives_the_kind() -> None:
    check(
        {
            "shop/infrastructure.py": """\
from shop.seedwork import DomainEvent, IntegrationEvent


class KafkaEventBus:
    def __init__(self, event_bus) -> None:
        self.event_bus = event_bus

    def publish_domain(self, event: DomainEvent) -> None:
        self.event_bus.publish(event)  # expect: EVL202

    def publish_integration(self, event: IntegrationEvent) -> None:
        self.event_bus.publish(event)
""",
        }
    )


# -- EVL301 ---------------------------------------------------------------------------


def test_integration_event_on_local_bus() -> None:
    check(
        {
            "shop/catalog/service.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


class PriceService:
    def __init__(self, mediator) -> None:
        self.mediator = mediator

    def change(self, product_id: int, price: int) -> None:
        event = ProductPriceChangedIntegrationEvent(product_id, price)
        self.mediator.publish(event)  # expect: EVL301
        self.mediator.publish_all([event])
        self.mediator.publish([event, ProductPriceChangedIntegrationEvent(1, 2)])  # expect: EVL301, EVL301
""",
        }
    )


HANDLERS = {
    "shop/basket/handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


class ProductPriceChangedIntegrationEventHandler:
    def handle(self, event: ProductPriceChangedIntegrationEvent) -> None:
        print(event.price)


def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:
    print(event.price)


def refresh(event) -> None:
    print(event)


def to_payload(event: ProductPriceChangedIntegrationEvent) -> dict:
    return {"price": event.price}
""",
    "shop/basket/wiring.py": """\
from shop.basket.handlers import refresh
from shop.contracts import ProductPriceChangedIntegrationEvent


def wire(bus) -> None:
    bus.subscribe(ProductPriceChangedIntegrationEvent, refresh)
""",
}


def test_direct_call_into_another_context_handler() -> None:
    check(
        {
            **HANDLERS,
            "shop/catalog/service.py": """\
from shop.basket import handlers
from shop.basket.handlers import ProductPriceChangedIntegrationEventHandler, on_price_changed, to_payload
from shop.contracts import ProductPriceChangedIntegrationEvent


def change(product_id: int, price: int) -> None:
    event = ProductPriceChangedIntegrationEvent(product_id, price)
    ProductPriceChangedIntegrationEventHandler().handle(event)  # expect: EVL301
    on_price_changed(event)  # expect: EVL301
    handlers.refresh(event)  # expect: EVL301
    to_payload(event)
""",
            "shop/basket/consumer.py": """\
import json

from shop.basket.handlers import ProductPriceChangedIntegrationEventHandler
from shop.contracts import ProductPriceChangedIntegrationEvent


def on_message(body: bytes) -> None:
    event = ProductPriceChangedIntegrationEvent(**json.loads(body))
    ProductPriceChangedIntegrationEventHandler().handle(event)
""",
            "tests/test_handlers.py": """\
from shop.basket.handlers import on_price_changed
from shop.contracts import ProductPriceChangedIntegrationEvent


def test_price() -> None:
    on_price_changed(ProductPriceChangedIntegrationEvent(1, 2))
""",
        }
    )


def test_handler_mapping_registers_handlers() -> None:
    check(
        {
            "shop/basket/handlers.py": "def update_prices(event) -> None:\n    print(event)\n",
            "shop/basket/bootstrap.py": (
                "from shop.basket import handlers\nfrom shop.contracts import ProductPriceChangedIntegrationEvent\n\n"
                "HANDLERS = {ProductPriceChangedIntegrationEvent: [handlers.update_prices]}\n"
            ),
            "shop/catalog/service.py": (
                "from shop.basket.handlers import update_prices\nfrom shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
                "def change() -> None:\n    update_prices(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL301\n"
            ),
        }
    )


# -- EVL302 ---------------------------------------------------------------------------


SERVICE = """\
import functools

from django.db import transaction

from shop.contracts import ProductPriceChangedIntegrationEvent


class PriceService:
    def __init__(self, uow, event_bus, outbox) -> None:
        self.uow = uow
        self.event_bus = event_bus
        self.outbox = outbox

{methods}
"""


def service(methods: str) -> dict[str, str]:
    return {"shop/catalog/service.py": SERVICE.format(methods=methods)}


def test_publish_inside_transactions() -> None:
    check(
        service(
            """\
    def inside_uow_transaction(self) -> None:
        with self.uow.transaction():
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302

    def inside_atomic(self) -> None:
        with transaction.atomic():
            if True:
                self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))

    @transaction.atomic
    def decorated(self) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302

    async def inside_async(self, connection) -> None:
        async with self.uow.transaction():
            await self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
"""
        )
    )


def test_publish_before_commit_on_some_path() -> None:
    check(
        service(
            """\
    def straight(self) -> None:
        event = ProductPriceChangedIntegrationEvent(1, 2)
        self.event_bus.publish(event)  # expect: EVL302
        self.uow.commit()

    def in_a_branch(self, urgent: bool) -> None:
        if urgent:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        else:
            pass
        self.uow.commit()

    def commit_in_one_branch(self, ok: bool) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        if ok:
            self.uow.commit()

    def before_loop_commits(self, items: list) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        for item in items:
            self.uow.commit()

    def inside_try(self) -> None:
        try:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
            self.uow.commit()
        except Exception:
            raise

    def through_a_helper(self) -> None:
        self._announce(1, 2)  # expect: EVL302
        self.uow.commit()

    def _announce(self, product_id: int, price: int) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(product_id, price))
"""
        )
    )


def test_correct_timing_is_never_flagged() -> None:
    check(
        service(
            """\
    def after_commit(self) -> None:
        event = ProductPriceChangedIntegrationEvent(1, 2)
        self.uow.commit()
        self.event_bus.publish(event)

    def both_branches_commit(self, ok: bool) -> None:
        if ok:
            self.uow.commit()
        else:
            self.uow.commit()
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))

    def commit_guarded(self) -> None:
        try:
            self.uow.commit()
        except Exception:
            self.uow.rollback()
            raise
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))

    def per_item(self, items: list) -> None:
        for item in items:
            self.uow.commit()
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(item, 2))

    def early_return(self, ok: bool) -> None:
        if not ok:
            self.uow.commit()
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))
            return
        self.uow.commit()

    def outbox_in_transaction(self) -> None:
        with self.uow.transaction():
            self.outbox.add(ProductPriceChangedIntegrationEvent(1, 2))
        self.outbox.add(ProductPriceChangedIntegrationEvent(1, 2))
        self.uow.commit()

    def deferred(self) -> None:
        event = ProductPriceChangedIntegrationEvent(1, 2)
        with transaction.atomic():
            transaction.on_commit(lambda: self.event_bus.publish(event))
            transaction.on_commit(functools.partial(self.event_bus.publish, event))

            def send() -> None:
                self.event_bus.publish(event)

            self.uow.on_commit(send)
        self.uow.commit()

    def through_a_deferring_helper(self) -> None:
        self._later()
        self.uow.commit()

    def through_a_committing_helper(self) -> None:
        self._commit_and_announce()
        self.uow.commit()

    def _commit_and_announce(self) -> None:
        self.uow.commit()
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))

    def _later(self) -> None:
        self.uow.on_commit(lambda: self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2)))
"""
        )
    )


def test_with_transaction_from_sqlalchemy_and_commit_from_session() -> None:
    check(
        {
            "shop/catalog/repository.py": """\
from sqlalchemy.orm import Session

from shop.contracts import ProductPriceChangedIntegrationEvent


class PriceChanger:
    def __init__(self, session: Session, event_bus) -> None:
        self.session = session
        self.event_bus = event_bus

    def change(self) -> None:
        with self.session.begin():
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))

    def change_then_commit(self) -> None:
        self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
        self.session.commit()
""",
        }
    )


# -- EVL303 ---------------------------------------------------------------------------


def test_integration_event_fields_typed_with_internal_classes() -> None:
    check(
        {
            "shop/ordering/domain.py": (
                "import enum\n\n\nclass Order:\n    pass\n\n\nclass OrderItem:\n    pass\n\n\n"
                "class OrderStatus(enum.Enum):\n    PAID = 1\n"
            ),
            "shop/contracts_ordering.py": """\
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from shop.ordering.domain import Order, OrderItem, OrderStatus
from shop.ordering.events import OrderStartedDomainEvent
from shop.seedwork import IntegrationEvent
from shop.contracts import ProductPriceChangedIntegrationEvent


@dataclass
class OrderLine:
    sku: str


@dataclass
class OrderPaidIntegrationEvent(IntegrationEvent):
    order: Order  # expect: EVL303
    items: list[OrderItem]  # expect: EVL303
    status: Optional[OrderStatus]  # expect: EVL303
    cause: OrderStartedDomainEvent  # expect: EVL303
    lines: list[OrderLine]
    previous: ProductPriceChangedIntegrationEvent
    total: Decimal
    note: "Order"


class OrderShippedIntegrationEvent(IntegrationEvent):
    def __init__(self, order: Order, order_id: int) -> None:  # expect: EVL303
        self.order_id = order_id
""",
        }
    )


def test_fully_qualified_patterns_through_imports_aliases_clients_and_base_classes() -> None:
    config = CONFIG.replace('broker = ["*.event_bus.publish"]', 'broker = ["shop.infra.bus.MessageBus.send"]')
    check(
        {
            "shop/infra/__init__.py": "",
            "shop/infra/bus.py": (
                "class MessageBus:\n    def send(self, message) -> None:\n        pass\n\n\n"
                "class RabbitBus(MessageBus):\n    pass\n\n\nDEFAULT_BUS = RabbitBus()\n"
            ),
            "shop/ordering/service.py": """\
from shop.infra import bus as transport
from shop.infra.bus import DEFAULT_BUS, MessageBus as Bus, RabbitBus
from shop.ordering.events import OrderStartedDomainEvent


def start(order_id: int, given: Bus) -> None:
    event = OrderStartedDomainEvent(order_id=order_id)
    Bus().send(event)  # expect: EVL202
    client = transport.RabbitBus()
    client.send(message=event)  # expect: EVL202
    DEFAULT_BUS.send(event)  # expect: EVL202
    given.send(event)  # expect: EVL202
    RabbitBus.send(client, 1)
""",
        },
        config,
    )


def test_trailing_chain_patterns_match_bare_and_attribute_calls() -> None:
    check(
        {
            "shop/ordering/service.py": """\
from shop.ordering.events import OrderStartedDomainEvent


def start(event_bus, outbox) -> None:
    event_bus.publish(OrderStartedDomainEvent(order_id=1))  # expect: EVL202
    outbox.add(OrderStartedDomainEvent(order_id=1))  # expect: EVL202
    other_bus.publish(OrderStartedDomainEvent(order_id=1))
""",
        }
    )


def test_exception_paths_and_finally() -> None:
    check(
        service(
            """\
    def failure_recorded_after_commit(self, order) -> None:
        self.uow.commit()
        try:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))
        except Exception:
            order.failed = True
            self.uow.commit()

    def later_step_fails_then_handler_commits(self, order) -> None:
        try:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
            order.check()
        except Exception:
            self.uow.commit()

    def return_through_finally(self) -> int:
        try:
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
            return 1
        finally:
            self.uow.commit()

    def return_inside_a_transaction_block(self) -> int:
        with transaction.atomic():
            self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))  # expect: EVL302
            return 1
"""
        )
    )


def test_declared_attribute_type_wins_and_ambiguous_attributes_are_unknown() -> None:
    check(
        {
            "shop/catalog/uow.py": """\
from typing import Optional

from sqlalchemy.ext.asyncio import AsyncSession

from shop.contracts import ProductPriceChangedIntegrationEvent


class UnitOfWork:
    def __init__(self, session_factory, event_bus) -> None:
        self.session_factory = session_factory
        self.event_bus = event_bus
        self._session: Optional[AsyncSession] = None
        self.other = None

    async def __aenter__(self) -> "UnitOfWork":
        self._session = self.session_factory()
        self.other = 1
        return self

    async def commit(self, payload: dict) -> None:
        event = ProductPriceChangedIntegrationEvent.from_payload(payload)
        await self.event_bus.publish(event)  # expect: EVL302
        await self._session.commit()

    async def flush(self, payload: dict) -> None:
        await self.event_bus.publish(ProductPriceChangedIntegrationEvent(1, 2))
        await self.other.commit()
""",
        }
    )


def test_user_patterns_in_every_documented_form() -> None:
    """`lib.**.method` and `@decorator.method`, as the presets use them, work in `[dispatch]` too."""
    config = (
        '[contexts.ordering]\nmodules = ["shop.ordering"]\n'
        '[dispatch]\nbroker = ["wire.**.emit", "@shop.tasks.job.enqueue"]\n'
    )
    sources = {
        "shop/tasks.py": "def job(function):\n    return function\n",
        "shop/ordering/events.py": "class DomainEvent: ...\n\n\nclass OrderShippedDomainEvent(DomainEvent): ...\n",
        "shop/ordering/feed.py": (
            "import wire\n\n"
            "from shop.ordering.events import OrderShippedDomainEvent\n"
            "from shop.tasks import job\n\n\n"
            "@job\n"
            "def deliver(event) -> None: ...\n\n\n"
            "def ship() -> None:\n"
            "    wire.connect().channel().emit(OrderShippedDomainEvent())  # expect: EVL202\n"
            "    deliver.enqueue(OrderShippedDomainEvent())  # expect: EVL202\n"
        ),
    }
    result = lint_sources(sources, config)
    assert actual(result) == expected(sources)


def test_the_last_assignment_on_the_path_decides_what_a_name_carries() -> None:
    """A name rebound from an integration event to a domain event carries the domain event after."""
    sources = {
        "shop/events.py": (
            "class DomainEvent: ...\n\n\nclass IntegrationEvent: ...\n\n\n"
            "class OrderPaidIntegrationEvent(IntegrationEvent): ...\n\n\n"
            "class OrderPaidDomainEvent(DomainEvent): ...\n"
        ),
        "shop/ordering/payments.py": (
            "from kafka import KafkaProducer\n\n"
            "from shop.events import OrderPaidDomainEvent, OrderPaidIntegrationEvent\n\n"
            "producer = KafkaProducer()\n\n\n"
            "def pay(retry: bool) -> None:\n"
            "    event = OrderPaidIntegrationEvent()\n"
            "    producer.send('payments', value=event)\n"
            "    event = OrderPaidDomainEvent()\n"
            "    producer.send('payments', value=event)  # expect: EVL202\n"
            "    if retry:\n"
            "        event = OrderPaidIntegrationEvent()\n"
            "    producer.send('payments', value=event)  # either, depending on the path: not judged\n"
            "    for _ in range(3):\n"
            "        producer.send('payments', value=event)  # either: not judged\n"
            "        event = OrderPaidDomainEvent()\n"
        ),
    }
    result = lint_sources(sources, '[contexts.ordering]\nmodules = ["shop.ordering"]\n')
    assert actual(result) == expected(sources)


EVL303_CONFIG = """
[events]
integration-bases = ["shop.seedwork.IntegrationEvent"]
[contexts.shipping]
modules = ["shop.shipping"]
[contexts.billing]
modules = ["shop.billing"]
[context-map]
published-language = ["shop.contracts"]
contract-modules = ["shop.shipping.wire"]
"""


def test_internal_classes_of_a_flat_context_are_its_model() -> None:
    """No `domain` package, no building-block base: still shipping's, not the contract's."""
    sources = {
        "shop/seedwork.py": "class IntegrationEvent: ...\n",
        "shop/shipping/tracking_number.py": "class TrackingNumber:\n    value: str\n",
        "shop/shipping/parcels.py": "class Parcels:\n    count: int\n",
        "shop/shipping/dtos.py": "class ParcelView:\n    weight: int\n",
        "shop/shipping/wire.py": "class ParcelOnTheWire:\n    weight: int\n",
        "shop/shipping/application.py": "class LabelDto:\n    text: str\n",
        "shop/contracts/money.py": "class Money:\n    cents: int\n",
        "shop/contracts/shipping.py": (
            "from shop.seedwork import IntegrationEvent\n"
            "from shop.contracts.money import Money\n"
            "from shop.shipping.application import LabelDto\n"
            "from shop.shipping.dtos import ParcelView\n"
            "from shop.shipping.parcels import Parcels\n"
            "from shop.shipping.tracking_number import TrackingNumber\n"
            "from shop.shipping.wire import ParcelOnTheWire\n\n\n"
            "class ParcelDispatchedIntegrationEvent(IntegrationEvent):\n"
            "    tracking: TrackingNumber  # expect: EVL303\n"
            "    parcels: list[Parcels]  # expect: EVL303\n"
            "    view: ParcelView\n"
            "    wire: ParcelOnTheWire\n"
            "    label: LabelDto\n"
            "    price: Money\n\n\n"
            "class ParcelsRedispatchedIntegrationEvent(IntegrationEvent):\n"
            "    first: ParcelDispatchedIntegrationEvent\n"
        ),
    }
    result = lint_sources(sources, EVL303_CONFIG)
    assert actual(result) == expected(sources)
