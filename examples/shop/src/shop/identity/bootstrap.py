"""Composition root of the identity service."""

from __future__ import annotations

from shop.seedwork import EventBus, Mediator, Outbox, UnitOfWork

from .domain import UserRegisteredDomainEvent
from .profile import ProfileService
from .registration import UserRegistrationService
from .repository import InMemoryUserRepository
from .roles import GrantDefaultRolesWhenUserRegisteredDomainEventHandler


def wire_identity(
    *,
    mediator: Mediator,
    event_bus: EventBus,
    uow: UnitOfWork,
    outbox: Outbox,
) -> tuple[UserRegistrationService, ProfileService]:
    """Subscribe the identity handlers and return the account use cases."""
    users = InMemoryUserRepository()
    mediator.subscribe(UserRegisteredDomainEvent, GrantDefaultRolesWhenUserRegisteredDomainEventHandler(users).handle)
    return UserRegistrationService(users, mediator, uow, outbox), ProfileService(users, event_bus)
