"""Call patterns: what a call does to an event (broker, local bus, outbox, commit, ...).

User patterns from `[dispatch]` are added to the built-in presets. A pattern
is `*.a.b` (the call's trailing attribute chain, as written or as resolved),
a fully qualified name (`kafka.KafkaProducer.send`, matched on the resolved
callee, base classes of project classes included), `lib.**.method` (any
resolved chain from `lib` ending in `.method`), `@decorator.method` (a
method of a function carrying that decorator) or `@decorator.hop().method`
(a method of what `hop(...)` of such a function returns: a Celery signature's
`apply_async` of `task.s(...).apply_async()`).

`__call__` as the method is a call of the object itself: `@decorator.__call__`
is a call of the decorated function (`@huey.task()` then `send_email(...)`),
and `lib.Class.__call__` a call of an object `lib.Class(...)` made
(`chord(header)(callback)`, or `job()` after `job = chain(...)`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eventlint.config.presets import PRESETS
from eventlint.config.settings import Config
from eventlint.index.names import ProjectIndex
from eventlint.model import Role

ROLES: tuple[Role, ...] = tuple(Role)
CALLED = "__call__"  # the method a pattern names for a call of the object itself


@dataclass(frozen=True)
class Pattern:
    """One pattern, read by the grammar above, and where it comes from."""

    text: str
    preset: str | None = None  # the built-in preset that declares it; None: the configuration's `[dispatch]`

    @property
    def suffix(self) -> str | None:
        """For `*.a.b`: `a.b`."""
        return self.text[2:] if self.text.startswith("*.") else None

    @property
    def decorated(self) -> tuple[str, str] | None:
        """For `@deco.method`: (`deco`, `method`); for `@deco.hop().method`: (`deco`, `hop.method`)."""
        if not self.text.startswith("@"):
            return None
        head, hopped, method = self.text[1:].partition("().")
        if hopped:
            decorator, _, hop = head.rpartition(".")
            return decorator, f"{hop}.{method}"
        decorator, _, method = self.text[1:].rpartition(".")
        return decorator, method

    @property
    def chain(self) -> tuple[str, str] | None:
        """For `lib.**.method`: (`lib.`, `.method`)."""
        if ".**." not in self.text:
            return None
        head, _, tail = self.text.partition(".**.")
        return head + ".", "." + tail

    @property
    def qualified(self) -> str | None:
        """For a fully qualified name `a.b.c`: itself."""
        plain = self.suffix is None and self.decorated is None and self.chain is None
        return self.text if plain else None

    @property
    def called(self) -> str:
        """The attribute or function the call ends with: `send` of `kafka.KafkaProducer.send`."""
        return self.text.rpartition(".")[2]

    @property
    def spelled(self) -> str | None:
        """The name a call's text holds where it matches: `called`, `chord` of `celery.chord.__call__`.

        None for a call of a decorated function (`@huey.Huey.task.__call__`): its
        text names the function, whatever it is called.
        """
        if self.called != CALLED:
            return self.called
        if self.decorated is not None:
            return None
        return self.text.rpartition(".")[0].rpartition(".")[2] or None


def _trailing(chain: str, suffix: str) -> bool:
    return chain == suffix or chain.endswith("." + suffix)


def active_patterns(config: Config) -> dict[Role, tuple[Pattern, ...]]:
    """The patterns of every role: the user's, then those of the presets left switched on."""
    user = config.dispatch
    active = [(name, preset) for name, preset in PRESETS.items() if name not in user.disable_presets]
    return {
        role: (
            *(Pattern(text) for text in user.patterns(role)),
            *(Pattern(text, name) for name, preset in active for text in preset.patterns(role)),
        )
        for role in Role
    }


class Patterns:
    """Every active pattern by role, matched against calls, `with` items and decorators."""

    def __init__(self, config: Config, index: ProjectIndex) -> None:
        self.index = index
        self.by_role = active_patterns(config)
        self._by_final: dict[str, list[tuple[Role, Pattern]]] = {}
        # `@decorator.__call__`: the decorators whose functions play the role when called, by role.
        self._called_decorated: dict[Role, set[str]] = {}
        for role, patterns in self.by_role.items():
            for pattern in patterns:
                decorated = pattern.decorated
                if decorated is not None and decorated[1] == CALLED:
                    self._called_decorated.setdefault(role, set()).add(decorated[0])
                else:
                    self._by_final.setdefault(pattern.called, []).append((role, pattern))
        self.calls_decorated = bool(self._called_decorated)  # whether a call of a decorated function may match

    def has_final(self, name: str, only: tuple[Role, ...] = ROLES) -> bool:
        """Whether any pattern of the roles `only` ends with the call `name`."""
        return any(role in only for role, _ in self._by_final.get(name, ()))

    def roles(
        self,
        written: str | None,
        resolved: str | None,
        decorators_of: Callable[[str], list[str]] | None = None,
        only: tuple[Role, ...] = ROLES,
    ) -> frozenset[Role]:
        """The roles whose patterns match a callee, given as written and as resolved.

        Only patterns ending with the name the callee ends with can match: they
        are looked up by it, so the cost does not grow with the patterns.
        """
        found: set[Role] = set()
        if self.calls_decorated and resolved and decorators_of is not None:
            # A call of a decorated function is matched on the function's decorators, not on a name it ends with.
            decorators = decorators_of(resolved)
            if decorators:
                found.update(
                    role for role, wanted in self._called_decorated.items() if role in only and not wanted.isdisjoint(decorators)
                )
        finals = {name.rpartition(".")[2] for name in (written, resolved) if name}
        candidates = [(role, pattern) for final in finals for role, pattern in self._by_final.get(final, ()) if role in only]
        if not candidates:
            return frozenset(found)
        names = self._names(resolved) if resolved else []
        for role, pattern in candidates:
            if role not in found and self._matches(pattern, written, resolved, names, decorators_of):
                found.add(role)
        return frozenset(found)

    def _names(self, resolved: str) -> list[str]:
        """The resolved name, and the same method looked up on project base classes."""
        names = [resolved]
        owner, _, method = resolved.rpartition(".")
        if self.index.is_class(owner):
            names.extend(f"{base}.{method}" for base in self.index.lineage(owner)[1:])
        return names

    @staticmethod
    def _matches(
        pattern: Pattern,
        written: str | None,
        resolved: str | None,
        names: list[str],
        decorators_of: Callable[[str], list[str]] | None,
    ) -> bool:
        suffix = pattern.suffix
        if suffix is not None:
            return bool(written and _trailing(written, suffix)) or any(_trailing(name, suffix) for name in names)
        chain = pattern.chain
        if chain is not None:
            head, tail = chain
            return any(name.startswith(head) and name.endswith(tail) for name in names)
        decorated = pattern.decorated
        if decorated is not None:
            if resolved is None or decorators_of is None:
                return False
            decorator, method = decorated
            function, dot, called = resolved.rpartition("." + method)
            return bool(dot) and not called and decorator in decorators_of(function)
        return pattern.text in names
