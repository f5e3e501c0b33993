"""Integration events published by the identity service.

Identity owns these contracts itself rather than putting them in
``shop.contracts``: subscribers import them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shop.seedwork import IntegrationEvent


@dataclass(frozen=True, kw_only=True)
class UserRegisteredIntegrationEvent(IntegrationEvent):
    """A new user account exists; other services may greet the user."""

    user_id: UUID
    email: str
    display_name: str
    registered_at: datetime


@dataclass(frozen=True, kw_only=True)
class UserEmailChangedIntegrationEvent(IntegrationEvent):
    """A user now receives e-mail at another address."""

    user_id: UUID
    email: str
