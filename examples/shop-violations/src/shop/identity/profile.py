"""Profile changes made in the Django back office.

The back office is a Django application whose views run in a database
transaction of their own. Only the e-mail change was written with
``transaction.on_commit``; the other changes announce themselves to the
broker before Django has committed anything.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from shop.seedwork import EventBus

from .domain import EmailAddress, IdentityDomainError
from .integration_events import UserEmailChangedIntegrationEvent, UserRenamedIntegrationEvent
from .repository import UserRepository


class ProfileService:
    """Changes the contact details of an account."""

    def __init__(self, users: UserRepository, event_bus: EventBus) -> None:
        self.users = users
        self.event_bus = event_bus

    def change_email(self, user_id: UUID, email: str) -> None:
        """Move the account to a new e-mail address, announced after the commit (correct)."""
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

    def correct_email(self, user_id: UUID, email: str) -> None:
        """Fix a mistyped address, on the support team's request."""
        with transaction.atomic():
            user = self.users.get(user_id)
            user.change_email(EmailAddress(email))
            self.users.update(user)
            self.event_bus.publish(UserEmailChangedIntegrationEvent(user_id=user.id, email=str(user.email)))  # expect: EVL302

    @transaction.atomic
    def rename(self, user_id: UUID, display_name: str) -> None:
        """Change the name shown to other users."""
        user = self.users.get(user_id)
        user.rename(display_name)
        self.users.update(user)
        renamed = UserRenamedIntegrationEvent(user_id=user.id, display_name=user.display_name)
        self.event_bus.publish(renamed)  # expect: EVL302
