"""Closing user accounts."""

from __future__ import annotations

from uuid import UUID

from shop.seedwork import Outbox, UnitOfWork

from .integration_events import UserDeactivatedDomainEvent
from .repository import UserRepository


class UserDeactivationService:
    """Deactivates accounts and announces it through the outbox."""

    def __init__(self, users: UserRepository, uow: UnitOfWork, outbox: Outbox) -> None:
        self.users = users
        self.uow = uow
        self.outbox = outbox

    def deactivate(self, user_id: UUID, reason: str) -> None:
        """Close the account of ``user_id``."""
        with self.uow.transaction():
            user = self.users.get(user_id)
            user.deactivate()
            self.outbox.add(UserDeactivatedDomainEvent(user_id=user.id, reason=reason))
