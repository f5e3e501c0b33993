"""Persistence of user accounts."""

from __future__ import annotations

from abc import ABC, abstractmethod
from uuid import UUID

from .domain import EmailAddress, User


class UserRepository(ABC):
    """Collection-like access to User aggregates."""

    @abstractmethod
    def add(self, user: User) -> None:
        """Add a new user."""

    @abstractmethod
    def get(self, user_id: UUID) -> User:
        """Load a user, or raise KeyError."""

    @abstractmethod
    def update(self, user: User) -> None:
        """Save the changes of a user."""

    @abstractmethod
    def exists_with_email(self, email: EmailAddress) -> bool:
        """Whether an account already uses ``email``."""


class InMemoryUserRepository(UserRepository):
    """Users kept in a dictionary, for tests and local runs."""

    def __init__(self) -> None:
        self._users: dict[UUID, User] = {}

    def add(self, user: User) -> None:
        """Store a new user."""
        self._users[user.id] = user

    def get(self, user_id: UUID) -> User:
        """Look a user up by id."""
        return self._users[user_id]

    def update(self, user: User) -> None:
        """Store the user."""
        self._users[user.id] = user

    def exists_with_email(self, email: EmailAddress) -> bool:
        """Scan the users for the address."""
        return any(user.email == email for user in self._users.values())
