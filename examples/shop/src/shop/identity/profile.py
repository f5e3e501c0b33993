"""Profile changes made in the Django back office.

The back office is a Django application: its views run in a database
transaction of their own (``transaction.atomic``), and the integration events
they cause are handed to ``transaction.on_commit``, so they reach the broker
only if that transaction commits. So are the Celery tasks they enqueue: the
worker reads the account the view has just written, so it must not run before
the commit (``on_commit``, or Celery 5.4's ``delay_on_commit``).
"""

from __future__ import annotations

from uuid import UUID

from celery import shared_task
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


@shared_task
def send_welcome_email(user_id: UUID) -> None:
    """E-mail a new account: the worker reads the account from the database by its id."""


class SignUpService:
    """Opens accounts, and welcomes them once they exist."""

    def __init__(self, users: UserRepository) -> None:
        self.users = users

    @transaction.atomic
    def sign_up(self, user_id: UUID) -> None:
        """Open the account, then welcome it after the commit."""
        user = self.users.get(user_id)
        self.users.update(user)
        transaction.on_commit(lambda: send_welcome_email.delay(user.id))

    def invite(self, user_id: UUID) -> None:
        """Open an invited account; the e-mail is enqueued after the commit."""
        with transaction.atomic():
            user = self.users.get(user_id)
            self.users.update(user)
            send_welcome_email.delay_on_commit(user.id)

    def reactivate(self, user_id: UUID) -> None:
        """Reopen a closed account; a helper welcomes it once the transaction has committed."""
        with transaction.atomic():
            user = self.users.get(user_id)
            self.users.update(user)
            transaction.on_commit(lambda: self._welcome(user.id))

    def _welcome(self, user_id: UUID) -> None:
        send_welcome_email.delay(user_id)
