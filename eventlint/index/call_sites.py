"""Call sites: every call of the project, with what it does (its roles) and which events it carries.

Built once per run over the facts; the transport, transaction and handler
rules only read it.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar, overload

from eventlint.config.presets import DJANGO_ATOMIC
from eventlint.config.settings import Config
from eventlint.facts import CallStep, ExitStep, FunctionFact, Value
from eventlint.index.call_patterns import CALLED, Patterns
from eventlint.index.catalogue import EventCatalogue
from eventlint.index.forwarding import Forwarding
from eventlint.index.names import ProjectIndex
from eventlint.index.replicas import replica_database
from eventlint.index.scopes import ClassAttributes, FunctionScope, Resolved, walk
from eventlint.index.serialising import SERIALIZING_CALLS, SERIALIZING_FUNCTIONS, SERIALIZING_METHODS
from eventlint.index.wrapped_transactions import WrappedTransactions
from eventlint.model import EventKind, Role
from eventlint.sources.discovery import SourceFile

_T = TypeVar("_T")
_D = TypeVar("_D")

_MAX_DEPTH = 6
_MAX_DECORATOR_HOPS = 4  # project decorators returning project decorators ... returning a task decorator


@dataclass(frozen=True)
class Carried:
    """An event a call passes on: its kind, and the class (or event base) it was resolved to."""

    kind: EventKind
    event: str
    exact: bool = True  # False when only an event base is known: any of its subclasses

    @property
    def phrase(self) -> str:
        """How messages name it: `domain event `X`` or `domain event (`Base` or a subclass)`."""
        name = self.event.rpartition(".")[2]
        return f"{self.kind.label} `{name}`" if self.exact else f"{self.kind.label} (`{name}` or a subclass)"


class Site:
    """One call of the project: what it calls, does and carries is worked out when a rule asks.

    Rules ask in the cheap order: the events a call carries first (most carry
    none), its roles and target only where an event makes them matter.
    """

    def __init__(
        self, calls: CallSites, key: str, module: str, source: SourceFile, function: FunctionFact, step: CallStep
    ) -> None:
        self.calls = calls
        self.key = key
        self.module = module
        self.source = source
        self.function = function
        self.step = step

    @property
    def written(self) -> str | None:
        """The callee as written, when it is a dotted name."""
        call = self.step.call
        return call.dotted if call.receiver is None and call.dotted else None

    @property
    def final(self) -> str:
        """The name the callee ends with, as written (`publish` of `self.bus.publish(...)`)."""
        return self.step.call.dotted.rpartition(".")[2]

    @functools.cached_property
    def callee(self) -> Resolved | None:
        """What the call calls, resolved."""
        return self.calls.guarded(self, lambda: self.calls.scope(self.key).callee(self.step.call), None)

    @property
    def shown(self) -> str:
        """The call as findings name it: as written, `chord(...)()` for a call of what a call made, else its method."""
        written = self.written
        if written is not None:
            return written
        receiver = self.step.call.receiver
        if self.final == CALLED and receiver is not None and receiver.kind == "call" and receiver.dotted:
            return f"{receiver.dotted}(...)()"
        return self.final

    @functools.cached_property
    def roles(self) -> frozenset[Role]:
        """What the call does: broker, local, outbox, commit, ... (by the patterns, else as a wrapper of one)."""
        return self.pattern_roles or self._forwarded()

    @functools.cached_property
    def pattern_roles(self) -> frozenset[Role]:
        """What the call itself does by the patterns (not by what a project function it calls does)."""
        written = self.written
        # A plain name may be an alias of anything; `module.function(...)` may call a decorated function.
        plain = written is not None and ("." not in written or (written.count(".") == 1 and self._may_call_decorated))
        if not plain and not self.calls.patterns.has_final(self.final):
            return frozenset()
        resolved = self.callee
        return self.calls.patterns.roles(written, resolved.name if resolved else None, self.calls.decorators_of)

    def _forwarded(self) -> frozenset[Role]:
        """The roles a call of a project wrapper takes on for the events it passes (`eventlint.index.forwarding`)."""
        if not self.calls.has_events or not self.events:
            return frozenset()
        return self.calls.guarded(self, lambda: self.calls.forwarding.roles(self), frozenset())

    @property
    def _may_call_decorated(self) -> bool:
        """Whether a `head.name(...)` call may be a call of a decorated function a pattern names (not a method)."""
        written = self.written
        return (
            self.calls.patterns.calls_decorated
            and written is not None
            and not written.startswith(("self.", "cls."))
            and not self.calls.scope(self.key).binds(written.partition(".")[0])
        )

    @functools.cached_property
    def events(self) -> tuple[Carried, ...]:
        """The events the call passes on, as far as they are statically clear."""

        def carried() -> tuple[Carried, ...]:
            scope = self.calls.scope(self.key)
            return tuple(e for arg in self.step.call.args for e in self.calls.carried(scope, arg.value, at=self.step))

        return self.calls.guarded(self, carried, ())

    @functools.cached_property
    def target(self) -> str | None:
        """The project function the call calls (`module.qualname`), when resolved."""
        resolved = self.callee
        if resolved is None:
            return None
        method = self.calls.index.method(resolved.name)
        return f"{method[0]}.{method[1].qualname}" if method is not None else None

    def may_target(self, names: frozenset[str]) -> bool:
        """Whether the call may resolve to a function named one of `names` (cheap, before resolving)."""
        written = self.written
        if written is not None and "." not in written:  # a plain name: an alias, a local, an import
            scope = self.calls.scope(self.key)
            return written in names or written in scope.locals or self.calls.index.may_name_event(written)
        return self.final in names


class CallSites:
    """Every call site of the relevant functions, and the scopes to read them."""

    def __init__(self, config: Config, index: ProjectIndex, events: EventCatalogue) -> None:
        self.index = index
        self.events = events
        self.patterns = Patterns(config, index)
        self.attributes = ClassAttributes(index, self._is_event_class)
        self._scopes: dict[str, FunctionScope] = {}
        self._decorators: dict[str, list[str]] = {}
        self.by_function = RelevantSites(self)  # the relevant modules' functions, each read when first asked
        self._read: dict[str, list[Site]] = {}  # other functions, read on demand (`sites_of`)
        self.failures: list[tuple[str, str]] = []  # (where, traceback): a bug, reported, others go on
        self._failed: set[str] = set()
        self.forwarding = Forwarding(self)
        self.wrapped = WrappedTransactions(self)

    @functools.cached_property
    def sites(self) -> list[Site]:
        """Every call site of the relevant modules' functions, in module and function order."""
        return [site for key, _, _ in self.index.iter_functions() for site in self.by_function.get(key, ())]

    def sites_of(self, key: str) -> list[Site]:
        """The call sites of any project function: its module is read on demand when it is not a relevant one."""
        found = self.by_function.get(key)
        if found is not None:
            return found
        found = self._read.get(key)
        if found is not None:
            return found
        located = self.index.function(key)
        entry = self.index.entry(located[0]) if located is not None else None
        if located is None or entry is None:
            found = []
        else:
            module, function = located
            none: list[Site] = []
            found = self.isolated(key, entry.source, lambda: self._sites_of(key, module, entry.source, function), none)
        self._read[key] = found
        return found

    def _sites_of(self, key: str, module: str, source: SourceFile, function: FunctionFact) -> list[Site]:
        return [Site(self, key, module, source, function, step) for step in _calls(function)]

    def guarded(self, site: Site, work: Callable[[], _T], default: _T) -> _T:
        """`work()`, or `default` when a bug raises: reported once per function, the rest goes on."""
        return self.isolated(site.key, site.source, work, default)

    def isolated(self, key: str, source: SourceFile, work: Callable[[], _T], default: _T) -> _T:
        """`work()` on one function (by key), or `default` when it fails: the failure costs that function only.

        It is reported once per function, naming it, as an internal error;
        every other function is still judged.
        """
        try:
            return work()
        except Exception:  # RecursionError and MemoryError included
            if key not in self._failed:
                self._failed.add(key)
                module = source.module
                qualname = key[len(module) + 1 :] if key.startswith(module + ".") else key
                self.failures.append((f"{source.display}, function `{qualname}`", traceback.format_exc()))
            return default

    # -- scopes --------------------------------------------------------------------
    def scope(self, key: str) -> FunctionScope:
        """The resolution scope of a project function (by `module.qualname`)."""
        scope = self._scopes.get(key)
        if scope is not None:
            return scope
        # The enclosing functions first, outermost down: a loop, since definitions nest deep.
        chain: list[tuple[str, str, FunctionFact]] = []
        current: str | None = key
        while current is not None and current not in self._scopes:
            found = self.index.function(current)
            if found is None:
                raise KeyError(current)
            module, function = found
            chain.append((current, module, function))
            parent_key = current.rpartition(".")[0]
            nested = function_is_nested(function) and self.index.function(parent_key) is not None
            current = parent_key if nested else None
        parent = self._scopes[current] if current is not None else None
        for inner, module, function in reversed(chain):
            parent = self._scopes[inner] = FunctionScope(
                self.index, self.attributes, module, function, parent, constructs=self._is_event_class
            )
        assert parent is not None
        return parent

    def decorators_of(self, function_key: str) -> list[str]:
        """The resolved names of a project function's decorators (calls give their callee)."""
        cached = self._decorators.get(function_key)
        if cached is not None:
            return cached
        names: list[str] = []
        found = self.index.function(function_key)
        if found is not None:
            module, function = found
            scope = self.scope(f"{module}.<module>")
            for decorator in function.decorators:
                resolved = scope.callee(decorator) if decorator.kind == "call" else scope.value_type(decorator)
                if resolved is not None:
                    names.append(resolved.name)
                    names.extend(self.decorator_made(resolved.name))
        self._decorators[function_key] = names
        return names

    def decorator_made(self, name: str) -> list[str]:
        """What a project function used as a decorator returns a call of, followed down (`shared_task` of `task`).

        `def task(*args, **kwargs): return shared_task(*args, **kwargs)` decorates as
        `celery.shared_task` does: a function decorated with `@task(...)` is a Celery task.
        Every `return` of the function must return a call of the same name; the
        chain is followed through further such functions, at most
        `_MAX_DECORATOR_HOPS` deep, each function once.
        """
        found: list[str] = []
        seen = {name}
        while len(found) < _MAX_DECORATOR_HOPS:
            located = self.index.function(name)
            if located is None:
                break
            module, function = located
            returned = {self._returned_call(f"{module}.{function.qualname}", step) for step in _returns(function)}
            made = returned.pop() if len(returned) == 1 else None
            if made is None or made in seen:
                break
            seen.add(made)
            found.append(made)
            name = made
        return found

    def _returned_call(self, key: str, step: ExitStep) -> str | None:
        """The name a `return` returns a call of, resolved in its function (None: anything else)."""
        value = step.value
        if value is None or value.kind != "call":
            return None
        resolved = self.scope(key).callee(value)
        return resolved.name if resolved is not None else None

    # -- roles -------------------------------------------------------------------
    def value_roles(self, scope: FunctionScope, value: Value, only: tuple[Role, ...]) -> frozenset[Role]:
        """The roles a `with` item or a decorator plays (`transaction.atomic()`, `session.begin()`)."""
        if value.kind not in ("call", "name"):
            return frozenset()
        final = value.dotted.rpartition(".")[2]
        wrapping = Role.TRANSACTION in only and final in self.wrapped.names  # a context manager of the project
        written = value.dotted if value.kind == "name" or value.receiver is None else None
        if (written and "." in written) or (value.kind == "call" and not written):
            if not self.patterns.has_final(final, only) and not wrapping:
                return frozenset()
        resolved = scope.callee(value) if value.kind == "call" else scope.resolve(value.dotted)
        roles = self.patterns.roles(written, resolved.name if resolved else None, self.decorators_of, only)
        if not roles and wrapping and resolved is not None and value.kind == "call" and self.wrapped.opens(resolved.name):
            return frozenset({Role.TRANSACTION})
        if Role.TRANSACTION in roles and resolved is not None and resolved.name == DJANGO_ATOMIC and value.kind == "call":
            if replica_database(scope, value):
                return roles - {Role.TRANSACTION}
        return roles

    # -- events carried --------------------------------------------------------------
    def _is_event_class(self, qualname: str) -> bool:
        return self.kind_of(qualname) is not None

    def kind_of(self, qualname: str) -> EventKind | None:
        """The kind of an event class, or of every subclass of an event base."""
        event = self.events.events.get(qualname)
        if event is not None:
            return event.kind
        if not self.events.may_be_event_base(qualname):
            return None  # decided by the name: no need to read the module defining it
        info = self.index.class_info(qualname)
        if info is not None and self.events.is_event_base(info):
            return self.events.base_kind(qualname)
        return None

    def carried(self, scope: FunctionScope, value: Value, depth: int = 0, at: CallStep | None = None) -> tuple[Carried, ...]:
        """The events a value is or serialises, as far as they are statically clear (`at`: the call passing it)."""
        if depth > _MAX_DEPTH or not self.has_events:
            return ()
        if value.kind == "seq":
            return tuple(e for arg in value.args for e in self.carried(scope, arg.value, depth + 1, at))
        if value.kind == "name":
            if not self.may_name_event(scope, value.dotted):
                return ()
            resolved = scope.resolve(value.dotted, at)
            kind = self.kind_of(resolved.name) if resolved and resolved.instance else None
            if kind is None or resolved is None:
                return ()
            return (Carried(kind, resolved.name, exact=resolved.name in self.events.events),)
        if value.kind != "call":
            return ()
        if value.receiver is not None:
            return self.carried(scope, value.receiver, depth + 1, at) if value.dotted in SERIALIZING_METHODS else ()
        prefix, _, method = value.dotted.rpartition(".")
        if prefix and method in SERIALIZING_METHODS:
            inner = self.carried(scope, Value("name", prefix), depth + 1, at)
            if inner:
                return inner
        named = self.may_name_event(scope, value.dotted)
        if not named and method not in SERIALIZING_CALLS:
            return ()
        made = scope.callee(value, at)
        if made is None:
            return ()
        if named and not made.instance:
            kind = self.kind_of(made.name)
            if kind is not None:
                return (Carried(kind, made.name, exact=made.name in self.events.events),)
            owner = made.name.rpartition(".")[0]
            kind = self.kind_of(owner) if self.index.is_class(owner) else None
            if kind is not None:  # an alternative constructor: `OrderPaidIntegrationEvent.from_order(...)`
                return (Carried(kind, owner, exact=owner in self.events.events),)
        if made.name in SERIALIZING_FUNCTIONS:
            return tuple(e for arg in value.args for e in self.carried(scope, arg.value, depth + 1, at))
        return ()

    @functools.cached_property
    def has_events(self) -> bool:
        """Whether the project has an event class or base at all (else no value carries one: nothing to resolve).

        Every event class and every event base of the project is in a relevant module: its
        statement names the vocabulary or a name leading to it.
        """
        return bool(self.events.events) or any(self.events.is_event_base(info) for info in self.index.iter_classes())

    def may_name_event(self, scope: FunctionScope, dotted: str) -> bool:
        """Whether a name used in a function may stand for an event (False: no need to resolve it).

        Names of the function itself (`self`, locals, parameters, closures) may
        hold an event whatever they are called; a module-level name only if it
        leads to one.
        """
        head = dotted.partition(".")[0]
        if head in ("self", "cls") or scope.binds(head):
            return True
        return self.index.may_name_event(dotted)

    def iter_functions(self) -> Iterator[tuple[str, str, FunctionFact]]:
        """Every function of the relevant modules as (key, module, fact)."""
        return self.index.iter_functions()


class RelevantSites:
    """The call sites of the relevant modules' functions by function key, each function's read when first asked."""

    def __init__(self, calls: CallSites) -> None:
        self._calls = calls
        self._known: dict[str, list[Site]] = {}

    @overload
    def get(self, key: str) -> list[Site] | None: ...
    @overload
    def get(self, key: str, default: _D) -> list[Site] | _D: ...
    def get(self, key: str, default: object = None) -> object:
        """The call sites of a relevant module's function, else `default` (another module's function is not read)."""
        found = self._known.get(key)
        if found is not None:
            return found
        calls = self._calls
        located = calls.index.relevant_function(key)
        if located is None:
            return default
        module, function = located
        source = calls.index.modules[module].source
        none: list[Site] = []
        found = calls.isolated(key, source, lambda: calls._sites_of(key, module, source, function), none)
        self._known[key] = found
        return found

    def __getitem__(self, key: str) -> list[Site]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


def function_is_nested(function: FunctionFact) -> bool:
    """Whether a function is defined inside another one (a closure over its names)."""
    return function.is_lambda or (function.class_name is None and "." in function.qualname)


def _returns(function: FunctionFact) -> Iterator[ExitStep]:
    for step in walk(function.body):
        if isinstance(step, ExitStep) and step.kind == "return":
            yield step


def _calls(function: FunctionFact) -> Iterator[CallStep]:
    for step in walk(function.body):
        if isinstance(step, CallStep):
            yield step
