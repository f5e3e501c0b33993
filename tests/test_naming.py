"""EVL104's sense of tense, and the naming options."""

from __future__ import annotations

import pytest
from markers import actual, expected

from eventlint import lint_sources
from eventlint.checks.tense import names_past_event

PAST = [
    "OrderPaidDomainEvent",
    "EmailSentIntegrationEvent",
    "CatalogRebuiltDomainEvent",
    "OrderShippedDomainEvent",
    "OrderCancelledDomainEvent",
    "AuctionBeganDomainEvent",
    "ItemSoldDomainEvent",
    "StockBoughtDomainEvent",
    "OrderStatusChangedToPaidIntegrationEvent",
    "PasswordResetDomainEvent",
    "PriceSetDomainEvent",
    "SMSSentIntegrationEvent",
    "GracePeriodConfirmedIntegrationEvent",
    "RefundWithdrawnDomainEvent",
    "HighestBidderWasOutbidDomainEvent",
    "BidderOutbidDomainEvent",
    "StockOversoldDomainEvent",
    "OrdersWereMergedDomainEvent",
]
NOT_PAST = [
    "CreateOrderDomainEvent",
    "SendEmailIntegrationEvent",
    "OrderCreationDomainEvent",
    "SetPriceDomainEvent",
    "ResetPasswordDomainEvent",
    "UpdateStockIntegrationEvent",
    "PayOrderDomainEvent",
    "FeedRefreshDomainEvent",
    "OutbidRivalDomainEvent",
]


@pytest.mark.parametrize("name", PAST)
def test_past_participles_are_past(name: str) -> None:
    assert names_past_event(name)


@pytest.mark.parametrize("name", NOT_PAST)
def test_imperatives_and_nouns_are_not_past(name: str) -> None:
    assert not names_past_event(name)


SOURCE = """\
class DomainEvent:
    pass


class OrderShippedDomainEvent(DomainEvent):
    pass


class CreateOrderDomainEvent(DomainEvent):{create}
    pass


class OrderOutForDeliveryDomainEvent(DomainEvent):{delivery}
    pass


class LegacyOrderImport(DomainEvent):{legacy}
    pass
"""


def test_naming_rules_fire_without_options() -> None:
    files = {"events.py": SOURCE.format(create="  # expect: EVL104", delivery="  # expect: EVL104", legacy="  # expect: EVL101, EVL104")}
    assert actual(lint_sources(files)) == expected(files)


def test_past_tense_words_and_ignore_names_are_configurable() -> None:
    files = {"events.py": SOURCE.format(create="  # expect: EVL104", delivery="", legacy="")}
    config = '[naming]\npast-tense-words = ["Out"]\nignore-names = ["Legacy*"]\n'
    assert actual(lint_sources(files, config)) == expected(files)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "class DomainEvent: ...\nclass JSONSerializable: ...\n\n\n"
            "class DomainEventSerializable(DomainEvent, JSONSerializable): ...\n",
            id="machinery named after the kind",
        ),
        pytest.param("class MetaDomainEvent(type): ...\n", id="a metaclass"),
        pytest.param("import abc\n\n\nclass MetaIntegrationEvent(abc.ABCMeta): ...\n", id="an abstract metaclass"),
        pytest.param("import enum\n\n\nclass PaymentIntegrationEvent(enum.Enum):\n    PAID = 1\n", id="an enumeration"),
        pytest.param(
            "from typing import Protocol\n\n\nclass HandlesDomainEvent(Protocol):\n    def handle(self) -> None: ...\n",
            id="a protocol",
        ),
    ],
)
def test_classes_that_are_no_events_are_not_judged(source: str) -> None:
    assert lint_sources({"shop/module.py": source}).diagnostics == ()


def test_a_nested_class_derives_from_its_sibling() -> None:
    """`class Event(...)` then `class Created(Event)` in one class body, as eventsourcing writes aggregates."""
    source = (
        "class DomainEvent: ...\n\n\n"
        "class Cargo:\n"
        "    class Event(DomainEvent): ...\n\n"
        "    class DestinationChangedDomainEvent(Event): ...\n\n"
        "    class Rerouted(Event): ...  # expect: EVL101\n"
    )
    result = lint_sources({"shop/cargo.py": source})
    assert actual(result) == expected({"shop/cargo.py": source})


@pytest.mark.parametrize(
    "name",
    [
        "OnOrderPlacedIntegrationEvent",
        "HandleOrderShippedDomainEvent",
        "WhenOrderPaidDomainEvent",
        "DummyIntegrationEvent",
        "FakeOrderPlacedDomainEvent",
        "CompositeDomainEvent",
        "BaseIntegrationEvent",
    ],
)
def test_handlers_test_doubles_and_sorts_of_events_are_never_told_to_derive_from_a_base(name: str) -> None:
    assert lint_sources({"shop/module.py": f"class {name}:\n    pass\n"}).diagnostics == ()


@pytest.mark.parametrize(
    "source",
    [
        "class IntegrationEvent: ...\n\n\nclass DummyIntegrationEvent(IntegrationEvent): ...\n",
        "class DomainEvent: ...\n\n\nclass FakeOrderPlacedDomainEvent(DomainEvent): ...\n",
        "class DomainEvent: ...\n\n\nclass CompositeDomainEvent(DomainEvent): ...\n",
        "class IntegrationEvent: ...\n\n\nclass BaseIntegrationEvent(IntegrationEvent): ...\n",
        "class DomainEvent: ...\n\n\nclass StubShipment(DomainEvent): ...\n",
    ],
)
def test_test_doubles_and_sorts_of_events_are_not_judged_by_name(source: str) -> None:
    assert lint_sources({"shop/module.py": source}).diagnostics == ()


def test_a_real_event_starting_like_a_sort_is_still_judged() -> None:
    source = "class DomainEvent: ...\n\n\nclass BaseCreateDomainEvent(DomainEvent): ...  # expect: EVL104\n"
    assert actual(lint_sources({"shop/module.py": source})) == expected({"shop/module.py": source})
