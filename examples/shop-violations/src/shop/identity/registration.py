"""Registering new users."""

from __future__ import annotations

from uuid import UUID, uuid4

from shop.seedwork import Mediator, Outbox, UnitOfWork

from .domain import EmailAddress, IdentityDomainError, User
from .integration_events import UserRegisteredIntegrationEvent
from .repository import UserRepository


class UserRegistrationService:
    """Creates accounts.

    The account, the effects of its domain events and the outbox message that
    announces it are committed together when the transaction block exits.
    """

    def __init__(self, users: UserRepository, mediator: Mediator, uow: UnitOfWork, outbox: Outbox) -> None:
        self.users = users
        self.mediator = mediator
        self.uow = uow
        self.outbox = outbox

    def register(self, email: str, display_name: str) -> UUID:
        """Create the account of a new user and return its id."""
        address = EmailAddress(email)
        with self.uow.transaction():
            if self.users.exists_with_email(address):
                raise IdentityDomainError(f"{address} is already registered")
            user = User.register(uuid4(), address, display_name)
            self.users.add(user)
            registered_at = user.domain_events[0].occurred_on
            for event in user.pull_domain_events():
                self.mediator.publish(event)
            self.outbox.add(
                UserRegisteredIntegrationEvent(
                    user_id=user.id,
                    email=str(user.email),
                    display_name=user.display_name,
                    registered_at=registered_at,
                )
            )
        return user.id
