"""Handlers the survey finds before any subscriber decorator is configured: consumer-only contexts.

The index knows a handler by its registration (`bus.subscribe(Event, handler)`,
a `{Event: [handler]}` map, a typed `handle(event: Event)`) and by a decorator
the configuration names as a subscriber. Before there is a configuration, a
project's own decorator naming an event (`@event_bus.subscribe(OrderShipped)`)
is one too: it is counted, and its pattern proposed as `subscriber`, so that a
check sees the same handlers. A module named as consumers (`consumer.py`,
`subscribers.py`) with no handler the index knows that imports an integration
event from outside its own package is taken in as the event flows take it in:
the event is consumed there. Domain events imported so are not: in-process
glue reacting to another context's domain events (webhooks, cross-context
handlers) is most often no context of its own. So a package that holds handlers of events
defined elsewhere, and no event of its own, is still seen as a context.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from eventlint.index.flows import HANDLER_MODULES, imported_events
from eventlint.index.handlers import SUBSCRIBING
from eventlint.index.project import Project
from eventlint.index.scopes import FunctionScope
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.init.proposal import Entry
from eventlint.model import EventKind, Role

# The last name of a decorator that registers the function it decorates (beside the subscribing calls).
REGISTERING = SUBSCRIBING | {"subscriber", "handles", "handler", "event_handler", "listener", "consumer", "consumes"}


@dataclass
class Consumers:
    """Handlers per module the index's handlings leave out, and the decorators registering them."""

    handlers: dict[str, int] = field(default_factory=dict)
    decorators: dict[str, list[str]] = field(default_factory=dict)  # pattern: the events it registers for
    registered: dict[str, int] = field(default_factory=dict)  # pattern: how many handlers it registers

    def subscriber(self) -> tuple[tuple[Role, tuple[Entry, ...]], ...]:
        """The `subscriber` patterns to propose, each with the events it registers handlers of."""
        entries = tuple(
            Entry(pattern, f"{counted(self.registered[pattern], 'handler')} registered, for {listing(sorted(set(events)))}")
            for pattern, events in sorted(self.decorators.items())
        )
        return ((Role.SUBSCRIBER, entries),) if entries else ()


def find_consumers(project: Project) -> Consumers:
    """The decorated handlers and consumer modules of concrete events the index's handlings leave out."""
    calls, index = project.calls, project.index
    handled: dict[str, set[str]] = {}
    for handling in project.handlings:
        handled.setdefault(handling.handler.module if handling.handler is not None else handling.module, set()).add(
            handling.event
        )
    concrete = {name for name, event in project.events.events.items() if not event.is_base}
    found = Consumers()
    decorated: dict[str, set[str]] = {}
    for key, module, function in calls.iter_functions():
        if is_auxiliary(module):
            continue
        for decorator in function.decorators:
            last = decorator.dotted.rpartition(".")[2]
            if decorator.kind != "call" or last not in REGISTERING:
                continue
            scope = calls.scope(key)
            events = [
                resolved.name
                for arg in decorator.args
                if arg.value.kind == "name"
                and (resolved := scope.resolve(arg.value.dotted)) is not None
                and not resolved.instance
            ]
            events = [event for event in events if event in concrete and event not in handled.get(module, ())]
            if events:
                found.handlers[module] = found.handlers.get(module, 0) + 1
                decorated.setdefault(module, set()).update(events)
                pattern = _pattern(decorator.dotted, scope)
                if pattern is not None:
                    found.decorators.setdefault(pattern, []).extend(event.rpartition(".")[2] for event in events)
                    found.registered[pattern] = found.registered.get(pattern, 0) + 1
                break
    for module, entry in index.modules.items():
        name = module.rpartition(".")[2].lower()
        if is_auxiliary(module) or module in handled or not any(_matches(name, pattern) for pattern in HANDLER_MODULES):
            continue  # a module whose handlers the index knows is read by them
        package = module.rpartition(".")[0]
        taken = {event.qualname for event, _ in imported_events(index, project.events, entry) if event is not None}
        taken = {
            event
            for event in taken - decorated.get(module, set())
            if event in concrete
            and project.events.events[event].kind is EventKind.INTEGRATION
            and not (package and project.events.events[event].module.startswith(package + "."))
        }
        if taken:
            found.handlers[module] = found.handlers.get(module, 0) + len(taken)
    return found


def _pattern(dotted: str, scope: FunctionScope) -> str | None:
    """`*.event_bus.subscribe` for `@event_bus.subscribe(...)`; the qualified name of a bare decorator."""
    parts = dotted.split(".")
    if len(parts) >= 2:
        return "*." + ".".join(parts[-2:])
    resolved = scope.resolve(dotted)
    return resolved.name if resolved is not None and "." in resolved.name else None


def _matches(name: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(name, pattern)
