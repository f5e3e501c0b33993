"""EVL201, EVL203: domain events stay inside the bounded context that defines them."""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import CONTEXTS, DOMAIN_BASES, PUBLISHED_LANGUAGE, SHARED_KERNELS, Rule, defined_here
from eventlint.checks.rule import FlowSide
from eventlint.index.catalogue import EventClass
from eventlint.index.flows import imported_events
from eventlint.index.names import ModuleEntry
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind, Span


def _foreign_domain_event(project: Project, event: EventClass | None, context: str) -> EventClass | None:
    """The event, when it is a domain event another context owns and shares no kernel with."""
    if event is None or event.kind is not EventKind.DOMAIN or event.context is None:
        return None
    if event.context == context or project.contexts.share_kernel(event.context, context):
        return None
    return event


def _uses(project: Project, entry: ModuleEntry) -> Iterator[tuple[EventClass | None, Span]]:
    """Every place a module names a class: imports (star imports per name) and references."""
    index, catalogue, module = project.index, project.events, entry.source.module
    yield from imported_events(index, catalogue, entry)
    for reference in entry.facts.references:
        if index.may_name_event(reference.dotted):
            yield catalogue.get(index.resolve_class(module, reference.dotted)), reference.span


def check_crossing(project: Project) -> Iterator[Diagnostic]:
    """EVL201: a domain event of one context imported, referenced or handled in another."""
    for entry in project.judged_modules():
        context = project.contexts.context_of(entry.source.module)
        if context is None:
            continue
        for candidate, span in _uses(project, entry):
            event = _foreign_domain_event(project, candidate, context)
            if event is None:
                continue
            yield CROSSING.finding(
                entry.source,
                span,
                context=context,
                event=event,
                related=(defined_here(event),),
                name=event.name,
                owner=event.context,
                used_in=context,
            )


def check_published_language(project: Project) -> Iterator[Diagnostic]:
    """EVL203: a domain event defined among the published-language contracts."""
    for event in project.judged_events():
        if event.kind is EventKind.DOMAIN and project.contexts.in_published_language(event.module):
            yield IN_PUBLISHED_LANGUAGE.finding(
                event.source, event.span, context=event.context, event=event, name=event.name, module=event.module
            )


CROSSING = Rule(
    "EVL201",
    "domain-event-crosses-context",
    "a domain event used outside its own bounded context",
    {
        "": "domain event `{name}` of context '{owner}' is used in context '{used_in}'; "
        "publish an integration event in the published language instead"
    },
    check_crossing,
    marks=FlowSide.CONSUMER,
    options=(CONTEXTS, SHARED_KERNELS, PUBLISHED_LANGUAGE, DOMAIN_BASES),
)
IN_PUBLISHED_LANGUAGE = Rule(
    "EVL203",
    "domain-event-in-published-language",
    "a domain event defined in a published-language module",
    {"": "domain event `{name}` is defined in the published language `{module}`; contracts hold integration events only"},
    check_published_language,
    marks=FlowSide.EVENT,
    options=(PUBLISHED_LANGUAGE, DOMAIN_BASES),
)
