"""The unit of work: one business transaction, committed or rolled back as a whole."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class UnitOfWork(ABC):
    """Tracks the changes of one business transaction.

    Callbacks registered with :meth:`on_commit` run only after a successful
    commit; this is how integration events are published without ever
    announcing a change that was rolled back.
    """

    def __init__(self) -> None:
        self._after_commit: list[Callable[[], None]] = []

    @abstractmethod
    def commit(self) -> None:
        """Make every change of the transaction durable."""

    @abstractmethod
    def rollback(self) -> None:
        """Discard every change of the transaction."""

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the current transaction has committed."""
        self._after_commit.append(callback)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit when the block exits normally, roll back when it raises."""
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def _run_after_commit_callbacks(self) -> None:
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()


class InMemoryUnitOfWork(UnitOfWork):
    """A unit of work for tests and local runs: it only counts commits."""

    def __init__(self) -> None:
        super().__init__()
        self.commits = 0
        self.rollbacks = 0

    def commit(self) -> None:
        """Count the commit, then run the after-commit callbacks."""
        self.commits += 1
        self._run_after_commit_callbacks()

    def rollback(self) -> None:
        """Count the rollback and drop the pending after-commit callbacks."""
        self.rollbacks += 1
        self._after_commit.clear()
