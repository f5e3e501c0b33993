"""Call patterns: what a call does to an event (broker, local bus, outbox, commit, ...).

User patterns from `[dispatch]` are added to the built-in presets. A pattern
is `*.a.b` (the call's trailing attribute chain, as written or as resolved),
a fully qualified name (`kafka.KafkaProducer.send`, matched on the resolved
callee, base classes of project classes included), `lib.**.method` (any
resolved chain from `lib` ending in `.method`) or `@decorator.method` (a
method of a function carrying that decorator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from eventlint.config import Config, DispatchPatterns
from eventlint.index import ProjectIndex
from eventlint.presets import PRESETS, Preset

ROLES: tuple[str, ...] = ("broker", "local", "outbox", "commit", "transaction", "after_commit", "subscriber")


@dataclass(frozen=True)
class Pattern:
    """One parsed pattern."""

    text: str

    @property
    def suffix(self) -> str | None:
        """For `*.a.b`: `a.b`."""
        return self.text[2:] if self.text.startswith("*.") else None

    @property
    def decorated(self) -> tuple[str, str] | None:
        """For `@deco.method`: (`deco`, `method`)."""
        if not self.text.startswith("@"):
            return None
        decorator, _, method = self.text[1:].rpartition(".")
        return decorator, method

    @property
    def chain(self) -> tuple[str, str] | None:
        """For `lib.**.method`: (`lib.`, `.method`)."""
        if ".**." not in self.text:
            return None
        head, _, tail = self.text.partition(".**.")
        return head + ".", "." + tail


def _trailing(chain: str, suffix: str) -> bool:
    return chain == suffix or chain.endswith("." + suffix)


def active_patterns(config: Config) -> dict[str, tuple[str, ...]]:
    """The pattern texts of every role: the user's, then the presets left switched on."""
    user: DispatchPatterns = config.dispatch
    active = [preset for name, preset in PRESETS.items() if name not in user.disable_presets]
    preset_roles = {f.name for f in fields(Preset)}
    texts: dict[str, tuple[str, ...]] = {}
    for role in ROLES:
        own = tuple(getattr(user, role))
        texts[role] = own + tuple(text for preset in active for text in getattr(preset, role)) if role in preset_roles else own
    return texts


def called_name(text: str) -> str:
    """The attribute or function a pattern's call ends with: `send` of `kafka.KafkaProducer.send`."""
    return text.rpartition(".")[2]


class Patterns:
    """Every active pattern by role, matched against calls, `with` items and decorators."""

    def __init__(self, config: Config, index: ProjectIndex) -> None:
        self.index = index
        self.by_role: dict[str, tuple[Pattern, ...]] = {
            role: tuple(Pattern(text) for text in texts) for role, texts in active_patterns(config).items()
        }

    def roles(
        self,
        written: str | None,
        resolved: str | None,
        decorators_of: Callable[[str], list[str]] | None = None,
        only: tuple[str, ...] = ROLES,
    ) -> frozenset[str]:
        """The roles whose patterns match a callee, given as written and as resolved."""
        names = self._names(resolved) if resolved else []
        found = set()
        for role in only:
            for pattern in self.by_role[role]:
                if self._matches(pattern, written, resolved, names, decorators_of):
                    found.add(role)
                    break
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
            function, _, called = resolved.rpartition(".")
            return called == method and decorator in decorators_of(function)
        return pattern.text in names
