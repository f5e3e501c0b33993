"""Composition root of the identity service."""

from __future__ import annotations

from shop.seedwork import Mediator, Outbox, UnitOfWork

from .domain import UserRegisteredDomainEvent
from .registration import UserRegistrationService
from .repository import InMemoryUserRepository
from .roles import GrantDefaultRolesWhenUserRegisteredDomainEventHandler


def wire_identity(*, mediator: Mediator, uow: UnitOfWork, outbox: Outbox) -> UserRegistrationService:
    """Subscribe the identity handlers and return the registration use case."""
    users = InMemoryUserRepository()
    mediator.subscribe(UserRegisteredDomainEvent, GrantDefaultRolesWhenUserRegisteredDomainEventHandler(users).handle)
    return UserRegistrationService(users, mediator, uow, outbox)
