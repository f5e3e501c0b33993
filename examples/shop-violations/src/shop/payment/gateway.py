"""The payment provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import uuid4

from .domain import Money


@dataclass(frozen=True)
class ChargeResult:
    """What the provider answered to a charge request."""

    succeeded: bool
    transaction_reference: str | None = None
    failure_reason: str | None = None


class PaymentGateway(Protocol):
    """Charges a tokenised card."""

    def charge(self, payment_token: str, amount: Money) -> ChargeResult:
        """Capture ``amount`` from the card behind ``payment_token``."""


class FakePaymentGateway:
    """Accepts every card except the tokens listed as declined."""

    def __init__(self, declined_tokens: frozenset[str] = frozenset()) -> None:
        self._declined = declined_tokens

    def charge(self, payment_token: str, amount: Money) -> ChargeResult:
        """Approve or decline without calling anybody."""
        if payment_token in self._declined or amount.amount == 0:
            return ChargeResult(succeeded=False, failure_reason="card declined")
        return ChargeResult(succeeded=True, transaction_reference=f"fake-{uuid4().hex[:12]}")
