"""Event handlers: where the project subscribes a function to an event, or declares one that handles it.

Found once per run over the facts. EVL301 reads which functions handle an
integration event (a direct call into one is an in-process dispatch); the
event flows read where each context takes in an event.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from eventlint.facts import CallStep, FunctionFact, Value
from eventlint.index.call_sites import CallSites
from eventlint.index.names import ProjectIndex
from eventlint.index.scopes import FunctionScope, walk
from eventlint.model import EventKind, Role, Span
from eventlint.sources.discovery import SourceFile

SUBSCRIBING = frozenset(
    {"subscribe", "register", "register_handler", "add_handler", "add_listener", "add_event_handler", "listen", "on", "connect"}
)
HANDLER_NAMES = ("handle*", "on_*", "*_handler")
HANDLER_CLASSES = ("*Handler", "*Consumer", "*Listener", "*Subscriber")

HandlerRegistration = Literal["subscription", "decorator", "mapping", "annotation"]


@dataclass(frozen=True)
class HandlerFunction:
    """A project function that handles events: its `module.qualname` key, module and span."""

    key: str
    module: str
    span: Span


@dataclass(frozen=True)
class Handling:
    """An event handled: the event class (or event base), the handler when known, where it is said.

    `module`, `source` and `span` locate the registration: the subscription
    call, the decorated or annotated handler itself, or (for a handler
    mapping, whose literal has no position) the handler it names.
    """

    event: str
    kind: EventKind
    handler: HandlerFunction | None
    module: str
    source: SourceFile
    span: Span
    how: HandlerRegistration


def looks_like_handler(name: str, class_name: str | None) -> bool:
    """`handle*`, `on_*`, `*_handler`, or a public method of a `*Handler`-like class."""
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in HANDLER_NAMES):
        return True
    owner = (class_name or "").rpartition(".")[2]
    public = not name.startswith("_") or name == "__call__"
    return bool(owner) and public and any(fnmatch.fnmatchcase(owner, pattern) for pattern in HANDLER_CLASSES)


def handlings_in(calls: CallSites, module: str) -> list[Handling]:
    """The events handled in one relevant module: by its functions, and by its handler mappings."""
    found: list[Handling] = []
    source = calls.index.modules[module].source
    for key, function in calls.index.functions_of(module):
        # A function that cannot be read costs its own handlings only.
        found.extend(calls.isolated(key, source, lambda: _handlings_in(calls, key, module, source, function), []))  # noqa: B023
    found.extend(_mapped(calls, module))
    return found


def _handlings_in(calls: CallSites, key: str, module: str, source: SourceFile, function: FunctionFact) -> list[Handling]:
    scope = calls.scope(key)
    return [
        *_subscriptions(calls, scope, module, source, function),
        *_decorated(calls, scope, key, module, source, function),
        *_annotated(calls, scope, key, module, source, function),
    ]


def _subscriptions(
    calls: CallSites, scope: FunctionScope, module: str, source: SourceFile, function: FunctionFact
) -> Iterator[Handling]:
    """`bus.subscribe(EventClass, handler)`: one handling per event class named, at the call."""
    for step in walk(function.body):
        if not (isinstance(step, CallStep) and step.call.dotted.rpartition(".")[2] in SUBSCRIBING):
            continue
        values = [arg.value for arg in step.call.args]
        if not any(value.kind == "name" and calls.may_name_event(scope, value.dotted) for value in values):
            continue
        names = [_resolved_name(scope, value) for value in values]
        kinds = [calls.kind_of(name) if name is not None else None for name in names]
        events = [(name, kind) for name, kind in zip(names, kinds) if name is not None and kind is not None]
        if not events:
            continue
        handlers = [
            handler
            for name, kind in zip(names, kinds)
            if kind is None and (handler := _handler_function(calls.index, name)) is not None
        ]
        for event, kind in events:
            registered: list[HandlerFunction | None] = [*handlers] or [None]  # a handler made by a call: unknown
            for handler in registered:
                yield Handling(event, kind, handler, module, source, step.span, "subscription")


def _decorated(
    calls: CallSites, scope: FunctionScope, key: str, module: str, source: SourceFile, function: FunctionFact
) -> Iterator[Handling]:
    """A configured subscriber decorator naming the event: `@bus.subscriber(EventClass)`."""
    handler = HandlerFunction(key, module, function.span)
    for decorator in function.decorators:
        if decorator.kind == "call" and calls.value_roles(scope, decorator, (Role.SUBSCRIBER,)):
            for arg in decorator.args:
                event = _resolved_name(scope, arg.value)
                kind = calls.kind_of(event) if event is not None else None
                if event is not None and kind is not None:
                    yield Handling(event, kind, handler, module, source, function.span, "decorator")


def _annotated(
    calls: CallSites, scope: FunctionScope, key: str, module: str, source: SourceFile, function: FunctionFact
) -> Iterator[Handling]:
    """Named and typed as a handler: `def handle(self, event: ProductPriceChangedIntegrationEvent)`."""
    if not looks_like_handler(function.name, function.class_name):
        return
    params = [p for p in function.params if p.name not in ("self", "cls")]
    if not (params and params[0].annotation and calls.may_name_event(scope, params[0].annotation[0])):
        return
    typed = scope.resolve(params[0].annotation[0])
    event = calls.events.get(typed.name if typed is not None else None)
    if event is not None:
        handler = HandlerFunction(key, module, function.span)
        yield Handling(event.qualname, event.kind, handler, module, source, function.span, "annotation")


def _mapped(calls: CallSites, module: str) -> Iterator[Handling]:
    """A module's handler mappings, `{EventClass: [handler, ...]}`: located at each handler they name."""
    index = calls.index
    for key_name, handler_names in index.modules[module].facts.mappings:
        if not index.may_name_event(key_name):
            continue
        event = index.resolve(module, key_name)
        kind = calls.kind_of(event) if event is not None else None
        if event is None or kind is None:
            continue
        for name in handler_names:
            handler = _handler_function(index, index.resolve(module, name))
            handler_entry = index.entry(handler.module) if handler is not None else None
            if handler is not None and handler_entry is not None:
                yield Handling(event, kind, handler, handler.module, handler_entry.source, handler.span, "mapping")


def _handler_function(index: ProjectIndex, name: str | None) -> HandlerFunction | None:
    """The function a registered name runs: itself, or the `handle` / `__call__` method of a class."""
    if name is None:
        return None
    method = index.method(name) or index.method(f"{name}.handle") or index.method(f"{name}.__call__")
    if method is None:
        return None
    module, function = method
    return HandlerFunction(f"{module}.{function.qualname}", module, function.span)


def _resolved_name(scope: FunctionScope, value: Value) -> str | None:
    if value.kind != "name":
        return None
    resolved = scope.resolve(value.dotted)
    return resolved.name if resolved else None
