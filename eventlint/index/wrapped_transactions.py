"""Context managers of the project that open a transaction around what runs in them.

`@contextmanager def traced_atomic_transaction(): with transaction.atomic(): yield`
opens Django's transaction around the body of every `with
traced_atomic_transaction():`: such a `with` item opens a transaction as
`transaction.atomic()` does. A generator context manager counts when it
yields inside a `with` block whose item opens a transaction (itself such a
wrapper, a few deep, cycle-safe); one that opens a transaction only before
or after its `yield` wraps nothing of its caller's.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from eventlint.facts import WithStep
from eventlint.index.scopes import walk
from eventlint.model import Role

if TYPE_CHECKING:
    from eventlint.index.call_sites import CallSites

CONTEXT_MANAGERS = frozenset({"contextlib.contextmanager", "contextlib.asynccontextmanager"})
_DEPTH = 4  # wrappers of wrappers followed at most this deep


class WrappedTransactions:
    """Which project context managers open a transaction around their `yield`, worked out when asked."""

    def __init__(self, calls: CallSites) -> None:
        self.calls = calls
        self._known: dict[str, bool] = {}
        self._open: set[str] = set()

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The names of the relevant modules' functions written as generator context managers (cheap, unresolved)."""
        return frozenset(
            function.name
            for _, _, function in self.calls.index.iter_functions()
            if any(
                decorator.dotted.rpartition(".")[2] in ("contextmanager", "asynccontextmanager")
                for decorator in function.decorators
            )
        )

    def opens(self, name: str) -> bool:
        """Whether the project function `name` is a context manager yielding inside a transaction it opens."""
        known = self._known.get(name)
        if known is not None:
            return known
        if name in self._open or len(self._open) >= _DEPTH:
            return False
        located = self.calls.index.function(name)
        if located is None or not CONTEXT_MANAGERS.intersection(self.calls.decorators_of(name)):
            self._known[name] = False
            return False
        self._open.add(name)
        try:
            scope = self.calls.scope(name)
            found = any(
                isinstance(step, WithStep)
                and step.yields
                and any(self.calls.value_roles(scope, item, (Role.TRANSACTION,)) for item in step.items)
                for step in walk(located[1].body)
            )
        finally:
            self._open.discard(name)
        self._known[name] = found
        return found
