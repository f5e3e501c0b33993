"""EVL401 on small in-memory projects: undeclared flows, declared ones, and what cannot be told."""

from __future__ import annotations

import pytest
from markers import actual, expected
from projects import assert_fires_as_marked, run, shop_config, write_configured

from eventlint import lint_sources

CONFIG = shop_config(
    "ordering",
    "catalog",
    "basket",
    "notifications",
    published_language=True,
    relationships=["catalog -> basket"],
    dispatch=["broker", "outbox", "local"],
)

BASE = {
    "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/contracts.py": (
        "from dataclasses import dataclass\n\nfrom shop.seedwork import IntegrationEvent\n\n\n"
        "@dataclass\nclass ProductPriceChangedIntegrationEvent(IntegrationEvent):\n    product_id: int\n    price: int\n"
    ),
    "shop/catalog/price_service.py": (
        "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
        "def change_price(event_bus, product_id: int, price: int) -> None:\n"
        "    event_bus.publish(ProductPriceChangedIntegrationEvent(product_id=product_id, price=price))\n"
    ),
    "shop/ordering/integration_events.py": (
        "from shop.seedwork import IntegrationEvent\n\n\n"
        "class OrderCompletedIntegrationEvent(IntegrationEvent):\n    order_id: int\n"
    ),
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n\n\nclass OrderPaidDomainEvent(DomainEvent):\n    order_id: int\n"
    ),
}


def check(files: dict[str, str], config: str = CONFIG) -> None:
    assert_fires_as_marked({**BASE, **files}, config)


def test_handler_of_a_published_language_event_in_a_context_with_no_relationship() -> None:
    check(
        {
            "shop/notifications/handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


class PriceAlertHandler:
    def handle(self, event: ProductPriceChangedIntegrationEvent) -> None:  # expect: EVL401
        print(event.price)
""",
            "shop/basket/handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:
    print(event.price)
""",
        }
    )


def test_subscription_and_handler_of_an_event_defined_in_a_context() -> None:
    check(
        {
            "shop/notifications/handlers.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:  # expect: EVL401
    print(event.order_id)
""",
            "shop/notifications/bootstrap.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent

from .handlers import on_order_completed


def bootstrap(event_bus) -> None:
    event_bus.subscribe(OrderCompletedIntegrationEvent, on_order_completed)  # expect: EVL401
""",
        }
    )


def test_import_by_a_handler_module_counts_once_and_only_without_a_handler_of_it() -> None:
    check(
        {
            "shop/notifications/consumers.py": """\
import json

from shop.ordering.integration_events import OrderCompletedIntegrationEvent  # expect: EVL401
from shop.ordering import integration_events


def consume(body: bytes) -> None:
    event = OrderCompletedIntegrationEvent(**json.loads(body))
    print(event, integration_events)
""",
            # Not a handler module: importing an event says nothing about consuming it.
            "shop/notifications/reports.py": (
                "from shop.ordering.integration_events import OrderCompletedIntegrationEvent\n\n"
                "REPORTED = [OrderCompletedIntegrationEvent]\n"
            ),
        }
    )


def test_declared_relationships_and_shared_kernels_allow_the_flow() -> None:
    config = CONFIG.replace(
        'relationships = ["catalog -> basket"]',
        'relationships = ["catalog -> basket", "ordering -> notifications"]\nshared-kernels = [["catalog", "ordering"]]',
    )
    check(
        {
            "shop/notifications/handlers.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:
    print(event.order_id)
""",
            "shop/ordering/handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:
    print(event.price)
""",
        },
        config,
    )


def test_a_relationship_declared_the_other_way_does_not_allow_the_flow() -> None:
    config = CONFIG.replace('relationships = ["catalog -> basket"]', 'relationships = ["notifications -> ordering"]')
    project = {
        **BASE,
        "shop/notifications/handlers.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:  # expect: EVL401
    print(event.order_id)
""",
    }
    result = lint_sources(project, config)
    assert actual(result) == expected(project)
    (diagnostic,) = result.diagnostics
    assert diagnostic.message == (
        "integration event `OrderCompletedIntegrationEvent` of context 'ordering' is consumed by 'notifications' "
        'with no declared relationship (declare "ordering -> notifications" in context-map.relationships); '
        '"notifications -> ordering" is declared, but a relationship reads upstream -> downstream, '
        "the way integration events flow"
    )
    assert diagnostic.context == "notifications"
    assert diagnostic.event == "shop.ordering.integration_events.OrderCompletedIntegrationEvent"
    assert [(r.path, r.span.line) for r in diagnostic.related] == [("shop/ordering/integration_events.py", 4)]


def test_without_relationships_no_flow_is_judged() -> None:
    config = CONFIG.replace('relationships = ["catalog -> basket"]\n', "")
    check(
        {
            "shop/notifications/handlers.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:
    print(event.order_id)
""",
        },
        config,
    )


def test_what_cannot_be_told_is_not_reported() -> None:
    check(
        {
            # A contract nobody is seen to publish: its publisher is unknown.
            "shop/contracts_extra.py": (
                "from shop.seedwork import IntegrationEvent\n\n\n"
                "class StockRanOutIntegrationEvent(IntegrationEvent):\n    sku: str\n"
            ),
            "shop/notifications/handlers.py": """\
from shop.contracts_extra import StockRanOutIntegrationEvent
from shop.seedwork import IntegrationEvent


def on_stock_ran_out(event: StockRanOutIntegrationEvent) -> None:
    print(event.sku)


def on_anything(event: IntegrationEvent) -> None:
    print(event)
""",
            # The composition root belongs to no context, and its handler is not resolved.
            "shop/main.py": """\
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def wire(event_bus, handler) -> None:
    event_bus.subscribe(OrderCompletedIntegrationEvent, handler)
""",
            # Its own event, imported by the publisher's handler module to publish it.
            "shop/catalog/integration_event_handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


def republish(event_bus, product_id: int) -> None:
    event_bus.publish(ProductPriceChangedIntegrationEvent(product_id=product_id, price=0))
""",
            # A domain event is EVL201's business, never EVL401's.
            "shop/ordering/domain_event_handlers.py": """\
from shop.ordering.events import OrderPaidDomainEvent


def on_order_paid(event: OrderPaidDomainEvent) -> None:
    print(event.order_id)
""",
        }
    )


def test_a_composition_root_subscribes_for_the_context_of_the_handler() -> None:
    check(
        {
            "shop/notifications/mail.py": """\
def send_receipt(event) -> None:
    print(event)
""",
            "shop/main.py": """\
from shop.notifications.mail import send_receipt
from shop.ordering.integration_events import OrderCompletedIntegrationEvent


def wire(event_bus) -> None:
    event_bus.subscribe(OrderCompletedIntegrationEvent, send_receipt)  # expect: EVL401
""",
        }
    )


def test_a_contract_published_by_several_contexts_needs_a_relationship_from_one_of_them() -> None:
    publishers = {
        "shop/ordering/repricing.py": (
            "from shop.contracts import ProductPriceChangedIntegrationEvent\n\n\n"
            "def reprice(outbox) -> None:\n"
            "    outbox.add(ProductPriceChangedIntegrationEvent(product_id=1, price=2))\n"
        ),
        "shop/notifications/handlers.py": """\
from shop.contracts import ProductPriceChangedIntegrationEvent


def on_price_changed(event: ProductPriceChangedIntegrationEvent) -> None:  # expect: EVL401
    print(event.price)
""",
    }
    project = {**BASE, **publishers}
    result = lint_sources(project, CONFIG)
    assert actual(result) == expected(project)
    assert "of contexts 'catalog' and 'ordering'" in result.diagnostics[0].message
    assert 'declare "catalog -> notifications" or "ordering -> notifications"' in result.diagnostics[0].message
    declared = CONFIG.replace('"catalog -> basket"', '"ordering -> notifications"')
    assert not lint_sources(project, declared).diagnostics


@pytest.mark.parametrize("selected", ["EVL401", "EVL4"])
def test_the_command_line_reports_it_and_no_longer_warns_about_relationships(
    selected: str, tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    project = {
        **BASE,
        "shop/basket/__init__.py": "",
        "shop/notifications/handlers.py": (
            "from shop.ordering.integration_events import OrderCompletedIntegrationEvent\n\n\n"
            "def on_order_completed(event: OrderCompletedIntegrationEvent) -> None:\n    print(event)\n"
        ),
    }
    monkeypatch.chdir(write_configured(tmp_path, project, CONFIG))
    code, out, err = run(capsys, "check", "--select", selected, "--no-cache")
    assert code == 1
    assert out.splitlines()[0].startswith("shop/notifications/handlers.py:4:5: EVL401 integration event")
    assert err == ""
