"""Composition root of the identity service."""

from __future__ import annotations

from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .customer_status import register_customer_status
from .deactivation import UserDeactivationService
from .domain import UserRegistrationDomainEvent
from .profile import ProfileService
from .registration import UserRegistrationService
from .repository import InMemoryUserRepository
from .roles import GrantDefaultRolesWhenUserRegistrationDomainEventHandler


def wire_identity(
    *,
    mediator: Mediator,
    event_bus: EventBus,
    uow: UnitOfWork,
    outbox: Outbox,
) -> tuple[UserRegistrationService, UserDeactivationService, ProfileService]:
    """Subscribe the identity handlers and return the account use cases."""
    users = InMemoryUserRepository()
    mediator.subscribe(UserRegistrationDomainEvent, GrantDefaultRolesWhenUserRegistrationDomainEventHandler(users).handle)
    register_customer_status(mediator, users)
    return (
        UserRegistrationService(users, mediator, uow, outbox),
        UserDeactivationService(users, uow, outbox),
        ProfileService(users, event_bus),
    )
