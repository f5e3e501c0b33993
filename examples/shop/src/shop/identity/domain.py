"""The User aggregate and the identity domain events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import UUID

from shop.seedwork import AggregateRoot, DomainEvent, ValueObject

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class IdentityDomainError(Exception):
    """A command would break an invariant of the identity model."""


@dataclass(frozen=True)
class EmailAddress(ValueObject):
    """A syntactically valid, lower-cased e-mail address."""

    value: str

    def __post_init__(self) -> None:
        if not _EMAIL.match(self.value):
            raise IdentityDomainError(f"not an e-mail address: {self.value!r}")
        object.__setattr__(self, "value", self.value.lower())

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, kw_only=True)
class UserRegisteredDomainEvent(DomainEvent):
    """A user account was created."""

    user_id: UUID
    email: EmailAddress
    roles: frozenset[str] = field(default_factory=frozenset)


class User(AggregateRoot[UUID]):
    """A user account."""

    def __init__(self, user_id: UUID, email: EmailAddress, display_name: str) -> None:
        super().__init__(user_id)
        self.email = email
        self.display_name = display_name
        self.roles: set[str] = set()

    @classmethod
    def register(cls, user_id: UUID, email: EmailAddress, display_name: str) -> User:
        """Create a new account and record UserRegisteredDomainEvent."""
        if not display_name.strip():
            raise IdentityDomainError("a user needs a display name")
        user = cls(user_id, email, display_name.strip())
        user.add_domain_event(UserRegisteredDomainEvent(user_id=user_id, email=email))
        return user

    def grant(self, role: str) -> None:
        """Give the user a role."""
        self.roles.add(role)

    def change_email(self, email: EmailAddress) -> bool:
        """Use a new e-mail address; return whether it differs from the old one."""
        if email == self.email:
            return False
        self.email = email
        return True
