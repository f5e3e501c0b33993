"""Dispatch sites: every call of the project, with what it does and which events it carries.

Built once per run over the facts; the dispatch, transaction and handler
rules only read it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from eventlint.catalogue import EventCatalogue
from eventlint.config import Config
from eventlint.discovery import SourceFile
from eventlint.dispatch import Patterns
from eventlint.facts import CallStep, FunctionFact, Value
from eventlint.index import ProjectIndex
from eventlint.model import EventKind
from eventlint.scope import ClassAttributes, FunctionScope, walk

# Calls that turn an event into a message without changing what it is.
SERIALIZING_FUNCTIONS = frozenset(
    {
        "json.dumps",
        "dataclasses.asdict",
        "dataclasses.astuple",
        "pickle.dumps",
        "orjson.dumps",
        "ujson.dumps",
        "attr.asdict",
        "attrs.asdict",
        "cattrs.unstructure",
        "msgspec.json.encode",
        "msgspec.to_builtins",
        "builtins.str",
        "builtins.bytes",
        "builtins.vars",
        "aio_pika.Message",
        "azure.servicebus.ServiceBusMessage",
    }
)
SERIALIZING_METHODS = frozenset(
    {
        "model_dump",
        "model_dump_json",
        "dict",
        "json",
        "to_json",
        "to_dict",
        "as_dict",
        "asdict",
        "serialize",
        "encode",
        "dumps",
        "SerializeToString",
    }
)
_MAX_DEPTH = 6


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


@dataclass(frozen=True)
class Site:
    """One call of the project."""

    module: str
    source: SourceFile
    function: FunctionFact
    step: CallStep
    roles: frozenset[str]
    events: tuple[Carried, ...]
    target: str | None  # the project function it calls, when resolved


class DispatchIndex:
    """Every call site with its roles and carried events, and the scopes to read them."""

    def __init__(self, config: Config, index: ProjectIndex, events: EventCatalogue) -> None:
        self.index = index
        self.events = events
        self.patterns = Patterns(config, index)
        self.attributes = ClassAttributes(index, self._is_event_class)
        self._scopes: dict[str, FunctionScope] = {}
        self._decorators: dict[str, list[str]] = {}
        self.sites: list[Site] = []
        self.by_function: dict[str, list[Site]] = {}
        self.failures: list[tuple[str, str]] = []  # (path, traceback): a bug, reported, others go on
        for key, module, function in index.iter_functions():
            source = index.modules[module].source
            try:
                scope = self.scope(key)
                found = [self._site(module, source, function, step, scope) for step in _calls(function)]
            except Exception:
                self.failures.append((source.display, traceback.format_exc()))
                found = []
            self.by_function[key] = found
            self.sites.extend(found)

    # -- scopes --------------------------------------------------------------------
    def scope(self, key: str) -> FunctionScope:
        """The resolution scope of a project function (by `module.qualname`)."""
        scope = self._scopes.get(key)
        if scope is None:
            found = self.index.function(key)
            if found is None:
                raise KeyError(key)
            module, function = found
            parent_key = key.rpartition(".")[0]
            nested = function_is_nested(function) and self.index.function(parent_key) is not None
            parent = self.scope(parent_key) if nested else None
            scope = self._scopes[key] = FunctionScope(
                self.index, self.attributes, module, function, parent, constructs=self._is_event_class
            )
        return scope

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
        self._decorators[function_key] = names
        return names

    # -- roles -------------------------------------------------------------------
    def value_roles(self, scope: FunctionScope, value: Value, only: tuple[str, ...]) -> frozenset[str]:
        """The roles a `with` item or a decorator plays (`transaction.atomic()`, `session.begin()`)."""
        if value.kind == "call":
            resolved = scope.callee(value)
            written = value.dotted if value.receiver is None else None
        elif value.kind == "name":
            resolved = scope.resolve(value.dotted)
            written = value.dotted
        else:
            return frozenset()
        return self.patterns.roles(written, resolved.name if resolved else None, self.decorators_of, only)

    def _site(self, module: str, source: SourceFile, function: FunctionFact, step: CallStep, scope: FunctionScope) -> Site:
        call = step.call
        resolved = scope.callee(call)
        written = call.dotted if call.receiver is None and call.dotted else None
        roles = self.patterns.roles(written, resolved.name if resolved else None, self.decorators_of)
        events = tuple(self.carried(scope, arg.value) for arg in call.args)
        target = None
        if resolved is not None:
            method = self.index.method(resolved.name)
            if method is not None:
                target = f"{method[0]}.{method[1].qualname}"
        return Site(module, source, function, step, roles, tuple(e for group in events for e in group), target)

    # -- events carried --------------------------------------------------------------
    def _is_event_class(self, qualname: str) -> bool:
        return self.kind_of(qualname) is not None

    def kind_of(self, qualname: str) -> EventKind | None:
        """The kind of an event class, or of every subclass of an event base."""
        event = self.events.events.get(qualname)
        if event is not None:
            return event.kind
        info = self.index.class_info(qualname)
        if info is not None and self.events.is_event_base(info):
            return self.events.base_kind(qualname)
        return None

    def carried(self, scope: FunctionScope, value: Value, depth: int = 0) -> tuple[Carried, ...]:
        """The events a value is or serialises, as far as they are statically clear."""
        if depth > _MAX_DEPTH:
            return ()
        if value.kind == "seq":
            return tuple(e for arg in value.args for e in self.carried(scope, arg.value, depth + 1))
        if value.kind == "name":
            resolved = scope.resolve(value.dotted)
            kind = self.kind_of(resolved.name) if resolved and resolved.instance else None
            if kind is None or resolved is None:
                return ()
            return (Carried(kind, resolved.name, exact=resolved.name in self.events.events),)
        if value.kind != "call":
            return ()
        if value.receiver is not None:
            return self.carried(scope, value.receiver, depth + 1) if value.dotted in SERIALIZING_METHODS else ()
        prefix, _, method = value.dotted.rpartition(".")
        if prefix and method in SERIALIZING_METHODS:
            inner = self.carried(scope, Value("name", prefix), depth + 1)
            if inner:
                return inner
        made = scope.callee(value)
        if made is None:
            return ()
        if not made.instance:
            kind = self.kind_of(made.name)
            if kind is not None:
                return (Carried(kind, made.name, exact=made.name in self.events.events),)
            owner = made.name.rpartition(".")[0]
            kind = self.kind_of(owner) if self.index.is_class(owner) else None
            if kind is not None:  # an alternative constructor: `OrderPaidIntegrationEvent.from_order(...)`
                return (Carried(kind, owner, exact=owner in self.events.events),)
        if made.name in SERIALIZING_FUNCTIONS:
            return tuple(e for arg in value.args for e in self.carried(scope, arg.value, depth + 1))
        return ()

    def iter_functions(self) -> Iterator[tuple[str, str, FunctionFact]]:
        """Every function of the relevant modules as (key, module, fact)."""
        return self.index.iter_functions()


def function_is_nested(function: FunctionFact) -> bool:
    """Whether a function is defined inside another one (a closure over its names)."""
    return function.is_lambda or (function.class_name is None and "." in function.qualname)


def _calls(function: FunctionFact) -> Iterator[CallStep]:
    for step in walk(function.body):
        if isinstance(step, CallStep):
            yield step
