"""Profile changes made in the Django back office.

The back office is a Django application: its views run in a database
transaction of their own (``transaction.atomic``), and the integration events
they cause are handed to ``transaction.on_commit``, so they reach the broker
only if that transaction commits.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from shop.seedwork import EventBus

from .domain import EmailAddress, IdentityDomainError
from .integration_events import UserEmailChangedIntegrationEvent
from .repository import UserRepository


class ProfileService:
    """Changes the contact details of an account."""

    def __init__(self, users: UserRepository, event_bus: EventBus) -> None:
        self.users = users
        self.event_bus = event_bus

    def change_email(self, user_id: UUID, email: str) -> None:
        """Move the account to a new e-mail address."""
        address = EmailAddress(email)
        with transaction.atomic():
            if self.users.exists_with_email(address):
                raise IdentityDomainError(f"{address} is already registered")
            user = self.users.get(user_id)
            if not user.change_email(address):
                return
            self.users.update(user)
            changed = UserEmailChangedIntegrationEvent(user_id=user.id, email=str(user.email))
            transaction.on_commit(lambda: self.event_bus.publish(changed))
