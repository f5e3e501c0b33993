"""Names, imports and class hierarchies resolved across modules, in memory.

Each case is a small project; the assertion is on which findings (path, line,
code) come out, marked inline with `# expect:`.
"""

from __future__ import annotations

import pytest
from markers import actual, expected
from projects import shop_config

from eventlint import lint_sources

CONFIG = shop_config(
    "ordering",
    "basket",
    "payment",
    "legacy",
    packages={"legacy": "shop.ordering.legacy"},  # a context inside another's package
    published_language=True,
    shared_kernels=[("ordering", "payment")],
)

SEEDWORK = {
    "shop/__init__.py": "",
    "shop/seedwork/__init__.py": "from .events import DomainEvent, IntegrationEvent\n",
    "shop/seedwork/events.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
    "shop/ordering/__init__.py": "",
    "shop/ordering/events.py": (
        "from shop.seedwork import DomainEvent\n\n\n"
        "class OrderStartedDomainEvent(DomainEvent):\n    order_id: int\n"
    ),
}


def check(files: dict[str, str], config: str = CONFIG) -> None:
    project = {**SEEDWORK, **files}
    result = lint_sources(project, config)
    assert not result.errors
    assert actual(result) == expected(project)


def test_plain_import_of_a_foreign_domain_event() -> None:
    check({"shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent  # expect: EVL201\n"})


def test_relative_import_from_the_same_context_is_fine_and_across_is_not() -> None:
    check(
        {
            "shop/ordering/handlers.py": "from .events import OrderStartedDomainEvent\n",
            "shop/basket/__init__.py": "",
            "shop/basket/handlers.py": "from ..ordering.events import OrderStartedDomainEvent  # expect: EVL201\n",
        }
    )


def test_import_module_as_alias_then_attribute_reference() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "import shop.ordering.events as ordering_events\n"
                "\n"
                "def on_started(event: ordering_events.OrderStartedDomainEvent) -> None:  # expect: EVL201\n"
                "    print(event)\n"
            )
        }
    )


def test_from_import_module_as_alias_and_plain_dotted_import() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "import shop.ordering.events\n"
                "from shop.ordering import events as ev\n"
                "\n"
                "HANDLERS = {ev.OrderStartedDomainEvent: []}  # expect: EVL201\n"
                "isinstance(object(), shop.ordering.events.OrderStartedDomainEvent)  # expect: EVL201\n"
            )
        }
    )


def test_from_import_name_as_alias() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "from shop.ordering.events import OrderStartedDomainEvent as Started  # expect: EVL201\n"
                "\n"
                "bus.subscribe(Started, print)  # expect: EVL201\n"
            )
        }
    )


def test_reexport_through_init_is_followed_to_the_defining_module() -> None:
    check(
        {
            "shop/ordering/__init__.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
            "shop/basket/handlers.py": "from shop.ordering import OrderStartedDomainEvent  # expect: EVL201\n",
        }
    )


def test_star_import_honours_a_literal_all() -> None:
    check(
        {
            "shop/ordering/public.py": (
                "from shop.ordering.events import *\n"
                "from shop.seedwork import DomainEvent\n"
                "__all__ = ['OrderStartedDomainEvent', 'OrderPaidDomainEvent']\n"
                "\n\nclass OrderPaidDomainEvent(DomainEvent):\n    pass\n"
                "\n\nclass BuyerVerifiedDomainEvent(DomainEvent):\n    pass\n"
            ),
            "shop/basket/handlers.py": (
                "from shop.ordering.public import *  # expect: EVL201, EVL201\n"
                "\n"
                "REACTS_TO = (OrderStartedDomainEvent, OrderPaidDomainEvent)  # expect: EVL201, EVL201\n"
                "NOT_EXPORTED = BuyerVerifiedDomainEvent\n"
            ),
        }
    )


def test_module_level_alias_is_followed() -> None:
    check(
        {
            "shop/ordering/aliases.py": "from shop.ordering import events\n\nStarted = events.OrderStartedDomainEvent\n",
            "shop/basket/handlers.py": "from shop.ordering.aliases import Started  # expect: EVL201\n",
        }
    )


def test_intermediate_abstract_base_in_another_module() -> None:
    check(
        {
            "shop/ordering/base.py": (
                "import abc\n\nfrom shop import seedwork\n\n\n"
                "class OrderingEvent(seedwork.DomainEvent, abc.ABC):\n    pass\n"
            ),
            "shop/ordering/more.py": (
                "from shop.ordering.base import OrderingEvent\n\n\n"
                "class OrderShippedDomainEvent(OrderingEvent):\n    pass\n\n\n"
                "class OrderShipped(OrderingEvent):  # expect: EVL101\n    pass\n"
            ),
            "shop/basket/handlers.py": "from shop.ordering.more import OrderShippedDomainEvent  # expect: EVL201\n",
        }
    )


def test_shared_kernel_partners_may_share_domain_events() -> None:
    check({"shop/payment/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent\n"})


def test_longest_prefix_wins_for_the_context() -> None:
    # shop.ordering.legacy is its own context inside ordering's prefix.
    check({"shop/ordering/legacy/sync.py": "from shop.ordering.events import OrderStartedDomainEvent  # expect: EVL201\n"})


def test_modules_outside_every_context_are_not_judged() -> None:
    check({"shop/app.py": "from shop.ordering.events import OrderStartedDomainEvent\n", "tests/test_x.py": "from shop.ordering.events import OrderStartedDomainEvent\n"})


def test_namespace_packages_without_init() -> None:
    files = {
        "shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
        "shop/ordering/domain/events.py": (
            "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent):\n    pass\n"
        ),
        "shop/basket/app/handlers.py": (
            "from ...ordering.domain.events import OrderStartedDomainEvent  # expect: EVL201\n"
        ),
    }
    result = lint_sources(files, CONFIG)
    assert actual(result) == expected(files)


def test_src_root_gives_module_names() -> None:
    files = {
        "src/shop/seedwork.py": "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
        "src/shop/ordering/events.py": (
            "from shop.seedwork import DomainEvent\n\n\nclass OrderStartedDomainEvent(DomainEvent):\n    pass\n"
        ),
        "src/shop/basket/handlers.py": "from shop.ordering.events import OrderStartedDomainEvent  # expect: EVL201\n",
    }
    result = lint_sources(files, 'src = ["src"]\n' + CONFIG)
    assert actual(result) == expected(files)


def test_function_level_import_and_annotation_and_base_class() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "from shop.ordering import events\n\n\n"
                "class StartedAdapter(events.OrderStartedDomainEvent):  # expect: EVL201, EVL101\n    pass\n\n\n"
                "def late() -> None:\n"
                "    from shop.ordering.events import OrderStartedDomainEvent  # expect: EVL201\n"
                "    print(OrderStartedDomainEvent)  # expect: EVL201\n"
            )
        }
    )


def test_attribute_of_the_event_class_is_a_use() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "from shop.ordering import events\n\n"
                "TOPIC = events.OrderStartedDomainEvent.__name__  # expect: EVL201\n"
            )
        }
    )


def test_string_annotations_and_unresolved_names_are_not_guessed() -> None:
    check(
        {
            "shop/basket/handlers.py": (
                "from typing import TYPE_CHECKING\n\n"
                "def on_started(event: 'OrderStartedDomainEvent') -> None:\n"
                "    print(OrderStartedDomainEvent)\n"
            )
        }
    )


def test_integration_events_may_cross() -> None:
    check(
        {
            "shop/contracts.py": (
                "from shop.seedwork import IntegrationEvent\n\n\n"
                "class OrderStartedIntegrationEvent(IntegrationEvent):\n    order_id: int\n"
            ),
            "shop/basket/handlers.py": "from shop.contracts import OrderStartedIntegrationEvent\n",
            "shop/ordering/publish.py": "from shop.contracts import OrderStartedIntegrationEvent\n",
        }
    )


def test_import_cycles_do_not_hang() -> None:
    check(
        {
            "shop/basket/a.py": "from shop.basket.b import Thing\n",
            "shop/basket/b.py": "from shop.basket.a import Thing\n",
            "shop/basket/c.py": "from shop.basket.a import *\nfrom shop.basket.c import *\nprint(Thing)\n",
        }
    )


@pytest.mark.parametrize(
    "bases_config",
    ["", '[events]\ndomain-bases = ["shop.seedwork.DomainEvent"]\nintegration-bases = ["shop.seedwork.IntegrationEvent"]\n'],
    ids=["by-name", "configured"],
)
def test_kind_through_reexported_base_and_alias(bases_config: str) -> None:
    files = {
        "shop/seedwork/__init__.py": "from shop.seedwork.base import *\n",
        "shop/seedwork/base.py": "__all__ = ['DomainEvent', 'IntegrationEvent']\n\nclass DomainEvent:\n    pass\n\n\nclass IntegrationEvent:\n    pass\n",
        "shop/ordering/events.py": (
            "import shop.seedwork as sw\n\nBase = sw.DomainEvent\n\n\n"
            "class OrderPlaced(Base):  # expect: EVL101\n    pass\n\n\n"
            "class SubmitOrderDomainEvent(sw.DomainEvent):  # expect: EVL104\n    pass\n\n\n"
            "class PaymentCompletedIntegrationEvent(Base):  # expect: EVL103\n    pass\n"
        ),
    }
    result = lint_sources(files, bases_config)
    assert actual(result) == expected(files)


def test_evl105_needs_a_fully_known_hierarchy() -> None:
    check(
        {
            "shop/basket/events.py": (
                "from dataclasses import dataclass\n"
                "from typing import NamedTuple\n\n"
                "from pydantic import BaseModel\n"
                "from somelib.events import Event\n\n\n"
                "class BasketEmptiedDomainEvent:  # expect: EVL105\n    pass\n\n\n"
                "class BasketCheckedOutIntegrationEvent(BaseModel):  # expect: EVL105\n    pass\n\n\n"
                "class ItemAddedDomainEvent(NamedTuple):  # expect: EVL105\n    sku: str\n\n\n"
                "class ItemRemovedDomainEvent(Event):\n    pass\n"
            )
        }
    )


def test_evl105_without_configured_bases_spares_the_project_own_base() -> None:
    files = {
        "events.py": (
            "class BaseDomainEvent:\n    pass\n\n\n"
            "class OrderStartedDomainEvent(BaseDomainEvent):\n    pass\n\n\n"
            "class DomainEvent:\n    pass\n\n\n"
            "class BasketEmptiedDomainEvent:  # expect: EVL105\n    pass\n"
        )
    }
    result = lint_sources(files)
    assert actual(result) == expected(files)


def test_events_in_the_published_language() -> None:
    check(
        {
            "shop/contracts/__init__.py": (
                "from shop.seedwork import DomainEvent, IntegrationEvent\n\n\n"
                "class PriceChangedDomainEvent(DomainEvent):  # expect: EVL203\n    price: int\n\n\n"
                "class ProductPriceChangedIntegrationEvent(IntegrationEvent):\n    price: int\n"
            )
        }
    )


def test_one_file_alone_gives_the_same_findings_as_the_full_run() -> None:
    project = {
        **SEEDWORK,
        "shop/ordering/__init__.py": "from shop.ordering.events import OrderStartedDomainEvent\n",
        "shop/basket/handlers.py": "from shop.ordering import OrderStartedDomainEvent  # expect: EVL201\n",
        "shop/basket/bad.py": "class CreateBasketDomainEvent:  # expect: EVL105\n    pass\n",
    }
    full = lint_sources(project, CONFIG).diagnostics
    for path in project:
        alone = lint_sources(project, CONFIG, report=[path]).diagnostics
        assert alone == tuple(d for d in full if d.path == path)


def test_nearest_event_base_decides_when_integration_derives_from_domain() -> None:
    files = {
        "seedwork.py": (
            "class DomainEvent:\n    pass\n\n\nclass IntegrationEvent(DomainEvent):\n    pass\n"
        ),
        "contracts.py": (
            "from seedwork import IntegrationEvent\n\n\n"
            "class OrderPaidIntegrationEvent(IntegrationEvent):\n    pass\n\n\n"
            "class OrderPaid(IntegrationEvent):  # expect: EVL102\n    pass\n"
        ),
    }
    for config in ("", '[events]\ndomain-bases = ["seedwork.DomainEvent"]\nintegration-bases = ["seedwork.IntegrationEvent"]\n'):
        result = lint_sources(files, config)
        assert actual(result) == expected(files)
