"""Default roles of new accounts, granted by a domain event handler."""

from __future__ import annotations

from .domain import UserRegisteredDomainEvent
from .repository import UserRepository

DEFAULT_ROLES = ("customer",)


class GrantDefaultRolesWhenUserRegisteredDomainEventHandler:
    """Gives every new account the default roles, in the registration transaction."""

    def __init__(self, users: UserRepository, default_roles: tuple[str, ...] = DEFAULT_ROLES) -> None:
        self._users = users
        self._default_roles = default_roles

    def handle(self, event: UserRegisteredDomainEvent) -> None:
        """Grant the default roles to the new user."""
        user = self._users.get(event.user_id)
        for role in self._default_roles:
            user.grant(role)
