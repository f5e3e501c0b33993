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
