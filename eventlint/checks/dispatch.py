"""EVL202, EVL301: each kind of event travels by its own transport.

Domain events stay in-process; integration events go through a broker, never
an in-process bus or a direct call into another context's handler.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from eventlint.checks.base import Rule, finding
from eventlint.facts import CallStep, Value
from eventlint.model import Diagnostic, EventKind, RelatedLocation, Span
from eventlint.project import Project
from eventlint.scope import FunctionScope, walk
from eventlint.sites import DispatchIndex

SUBSCRIBING = frozenset(
    {"subscribe", "register", "register_handler", "add_handler", "add_listener", "add_event_handler", "listen", "on", "connect"}
)
HANDLER_NAMES = ("handle*", "on_*", "*_handler")
HANDLER_CLASSES = ("*Handler", "*Consumer", "*Listener", "*Subscriber")


def _short(name: str) -> str:
    return name.rpartition(".")[2]


def check_domain_event_to_broker(project: Project) -> Iterator[Diagnostic]:
    """EVL202: a domain event handed to a broker or an outbox."""
    dispatch = project.dispatch
    for site in dispatch.sites:
        domain = [carried for carried in site.events if carried.kind is EventKind.DOMAIN]
        if not domain:
            continue
        transport = "broker" if "broker" in site.roles else "outbox" if "outbox" in site.roles else None
        if transport is None:
            continue
        for carried in domain:
            yield finding(
                "EVL202",
                f"{carried.phrase} is passed to a {transport} call; domain events stay "
                f"inside their bounded context: publish an integration event instead",
                site.source,
                site.step.span,
                context=project.contexts.context_of(site.module),
                event=carried.event,
            )


def check_synchronous_dispatch(project: Project) -> Iterator[Diagnostic]:
    """EVL301: an integration event on an in-process bus, or called into another context's handler."""
    dispatch = project.dispatch
    handlers = handler_functions(project, dispatch)
    for site in dispatch.sites:
        integration = [carried for carried in site.events if carried.kind is EventKind.INTEGRATION]
        if not integration:
            continue
        context = project.contexts.context_of(site.module)
        if "local" in site.roles:
            for carried in integration:
                yield finding(
                    "EVL301",
                    f"{carried.phrase} is dispatched in-process; other contexts must "
                    f"receive it through the message broker, after commit",
                    site.source,
                    site.step.span,
                    context=context,
                    event=carried.event,
                )
            continue
        handler = handlers.get(site.target or "")
        if handler is None or context is None:
            continue
        handler_module, handler_span = handler
        owner = project.contexts.context_of(handler_module)
        if owner is None or owner == context:
            continue
        handler_entry = project.index.entry(handler_module)
        if handler_entry is None:
            continue
        related = (RelatedLocation(handler_entry.source.display, handler_span, "the handler"),)
        for carried in integration:
            yield finding(
                "EVL301",
                f"{carried.phrase} is passed straight to a handler of context "
                f"'{owner}' from context '{context}'; publish it to the broker instead",
                site.source,
                site.step.span,
                context=context,
                event=carried.event,
                related=related,
            )


def handler_functions(project: Project, dispatch: DispatchIndex) -> dict[str, tuple[str, Span]]:
    """Project functions that handle an integration event, by key, with their module and span."""
    index = project.index
    found: dict[str, tuple[str, Span]] = {}

    def add(key: str | None) -> None:
        if key is None:
            return
        method = index.method(key) or index.method(f"{key}.handle") or index.method(f"{key}.__call__")
        if method is not None:
            module, function = method
            found.setdefault(f"{module}.{function.qualname}", (module, function.span))

    def integration_class(name: str | None) -> bool:
        return name is not None and dispatch.kind_of(name) is EventKind.INTEGRATION

    for key, module, function in dispatch.iter_functions():
        scope = dispatch.scope(key)
        # Registered by a subscription call: bus.subscribe(EventClass, handler)
        for step in walk(function.body):
            if isinstance(step, CallStep) and _short(step.call.dotted) in SUBSCRIBING:
                values = [arg.value for arg in step.call.args]
                if not any(value.kind == "name" and dispatch.may_name_event(scope, value.dotted) for value in values):
                    continue
                names = [_resolved_name(scope, value) for value in values]
                if any(integration_class(name) for name in names):
                    for name in names:
                        if not integration_class(name):
                            add(name)
        # Registered by a configured subscriber decorator naming the event.
        for decorator in function.decorators:
            if decorator.kind == "call" and dispatch.value_roles(scope, decorator, ("subscriber",)):
                if any(integration_class(_resolved_name(scope, arg.value)) for arg in decorator.args):
                    found.setdefault(key, (module, function.span))
        # Named and typed as a handler: `def handle(self, event: PriceChangedIntegrationEvent)`.
        if _looks_like_handler(function.name, function.class_name):
            params = [p for p in function.params if p.name not in ("self", "cls")]
            if params and params[0].annotation and dispatch.may_name_event(scope, params[0].annotation[0]):
                typed = scope.resolve(params[0].annotation[0])
                if typed is not None and integration_class(typed.name) and typed.name in project.events.events:
                    found.setdefault(key, (module, function.span))
    # Handler mappings: {EventClass: [handler, ...]}
    for module, entry in index.modules.items():
        for key_name, handler_names in entry.facts.mappings:
            if index.may_name_event(key_name) and integration_class(index.resolve(module, key_name)):
                for name in handler_names:
                    add(index.resolve(module, name))
    return found


def _resolved_name(scope: FunctionScope, value: Value) -> str | None:
    if value.kind != "name":
        return None
    resolved = scope.resolve(value.dotted)
    return resolved.name if resolved else None


def _looks_like_handler(name: str, class_name: str | None) -> bool:
    """`handle*`, `on_*`, `*_handler`, or a public method of a `*Handler`-like class."""
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in HANDLER_NAMES):
        return True
    owner = (class_name or "").rpartition(".")[2]
    public = not name.startswith("_") or name == "__call__"
    return bool(owner) and public and any(fnmatch.fnmatchcase(owner, pattern) for pattern in HANDLER_CLASSES)


DISPATCH_RULES: tuple[Rule, ...] = (
    Rule("EVL202", check_domain_event_to_broker),
    Rule("EVL301", check_synchronous_dispatch),
)
