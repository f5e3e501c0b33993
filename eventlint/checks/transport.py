"""EVL202, EVL301: each kind of event travels by its own transport.

Domain events stay in-process; integration events go through a broker, never
an in-process bus or a direct call into another context's handler.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import (
    BROKER,
    CONTEXTS,
    DISABLE_PRESETS,
    DOMAIN_BASES,
    INTEGRATION_BASES,
    LOCAL,
    OUTBOX,
    SUBSCRIBER,
    Rule,
)
from eventlint.checks.rule import FlowSide
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind, RelatedLocation, Role, Span


def check_domain_event_to_broker(project: Project) -> Iterator[Diagnostic]:
    """EVL202: a domain event handed to a broker or an outbox."""
    for site in project.judged_sites():
        domain = [carried for carried in site.events if carried.kind is EventKind.DOMAIN]
        if not domain:
            continue
        transport = "a broker" if Role.BROKER in site.roles else "an outbox" if Role.OUTBOX in site.roles else None
        if transport is None:
            continue
        for carried in domain:
            yield TO_BROKER.finding(
                site.source,
                site.step.span,
                context=project.contexts.context_of(site.module),
                event=carried.event,
                event_phrase=carried.phrase,
                transport=transport,
            )


def check_synchronous_dispatch(project: Project) -> Iterator[Diagnostic]:
    """EVL301: an integration event on an in-process bus, or called into another context's handler."""
    handlers = handler_functions(project)
    for site in project.judged_sites():
        integration = [carried for carried in site.events if carried.kind is EventKind.INTEGRATION]
        if not integration:
            continue
        context = project.contexts.context_of(site.module)
        if Role.LOCAL in site.roles:
            for carried in integration:
                yield SYNCHRONOUS.finding(
                    site.source, site.step.span, "in-process", context=context, event=carried.event, event_phrase=carried.phrase
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
            yield SYNCHRONOUS.finding(
                site.source,
                site.step.span,
                "to-handler",
                context=context,
                event=carried.event,
                related=related,
                event_phrase=carried.phrase,
                owner=owner,
                caller=context,
            )


def handler_functions(project: Project) -> dict[str, tuple[str, Span]]:
    """Project functions that handle an integration event, by key, with their module and span."""
    found: dict[str, tuple[str, Span]] = {}
    for handling in project.handlings:
        handler = handling.handler
        if handler is not None and handling.kind is EventKind.INTEGRATION:
            found.setdefault(handler.key, (handler.module, handler.span))
    return found


TO_BROKER = Rule(
    "EVL202",
    "domain-event-to-broker",
    "a domain event passed to a broker or outbox call",
    {
        "": "{event_phrase} is passed to {transport} call; domain events stay inside their bounded context: "
        "publish an integration event instead"
    },
    check_domain_event_to_broker,
    marks=FlowSide.PUBLISHER,
    options=(BROKER, OUTBOX, DISABLE_PRESETS, DOMAIN_BASES),
)
SYNCHRONOUS = Rule(
    "EVL301",
    "integration-event-dispatched-synchronously",
    "an integration event passed to an in-process bus or straight to another context's handler",
    {
        "in-process": "{event_phrase} is dispatched in-process; other contexts must receive it through the "
        "message broker, after commit",
        "to-handler": "{event_phrase} is passed straight to a handler of context '{owner}' from context "
        "'{caller}'; publish it to the broker instead",
    },
    check_synchronous_dispatch,
    marks=FlowSide.HANDLER,
    options=(LOCAL, SUBSCRIBER, CONTEXTS, INTEGRATION_BASES),
)
