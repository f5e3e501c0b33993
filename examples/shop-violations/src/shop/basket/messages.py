"""Messages about baskets, for the analytics pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from uuid import UUID, uuid4


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, kw_only=True)
class BasketMessage:
    """Envelope fields of every basket message."""

    message_id: UUID = field(default_factory=uuid4)
    sent_at: datetime = field(default_factory=_now)


@dataclass(frozen=True, kw_only=True)
class BasketItemRemovedIntegrationEvent(BasketMessage):  # expect: EVL105
    """A product was removed from a basket because the catalog discontinued it."""

    buyer_id: UUID
    product_id: int
    quantity: int
