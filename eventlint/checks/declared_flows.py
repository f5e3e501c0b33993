"""EVL401: integration events flow along the relationships the context map declares."""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import PUBLISHED_LANGUAGE, RELATIONSHIPS, SHARED_KERNELS, SUBSCRIBER, Rule, defined_here
from eventlint.checks.rule import FlowSide
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind


def check_undeclared_flow(project: Project) -> Iterator[Diagnostic]:
    """EVL401: an integration event consumed by a context no declared relationship connects to its publisher."""
    contexts = project.contexts
    if not contexts.relationships:
        return  # no relationships declared: the context map says nothing about flows
    flows = project.flows
    reported: set[tuple[str, int, int, str]] = set()
    for consumption in flows.consumptions:
        event, consumer = consumption.event, consumption.context
        if event.kind is not EventKind.INTEGRATION or not project.judges(consumption.source.module):
            continue
        publishers = sorted(flows.publishers(event))
        if not publishers or consumer in publishers:
            continue  # who publishes it is not known, or the context consumes its own event
        if any(contexts.declares_flow(publisher, consumer) for publisher in publishers):
            continue
        where = (consumption.source.display, consumption.span.line, consumption.span.column, event.qualname)
        if where in reported:
            continue
        reported.add(where)
        backwards = [p for p in publishers if (consumer, p) in project.contexts.relationships]
        yield UNDECLARED_FLOW.finding(
            consumption.source,
            consumption.span,
            "backwards" if backwards else "",
            context=consumer,
            event=event,
            related=(defined_here(event),),
            name=event.name,
            plural="s" if len(publishers) > 1 else "",
            owners=" and ".join(f"'{publisher}'" for publisher in publishers),
            consumer=consumer,
            declare=" or ".join(f'"{publisher} -> {consumer}"' for publisher in publishers),
            backwards=backwards[0] if backwards else "",
        )


_UNDECLARED = (
    "integration event `{name}` of context{plural} {owners} is consumed by '{consumer}' with no declared "
    "relationship (declare {declare} in context-map.relationships)"
)

UNDECLARED_FLOW = Rule(
    "EVL401",
    "undeclared-event-flow",
    "an integration event consumed by a context with no declared relationship to its publisher (only when `relationships` is set)",
    {
        "": _UNDECLARED,
        "backwards": _UNDECLARED + '; "{consumer} -> {backwards}" is declared, but a relationship reads '
        "upstream -> downstream, the way integration events flow",
    },
    check_undeclared_flow,
    marks=FlowSide.UNDECLARED,
    options=(RELATIONSHIPS, SHARED_KERNELS, PUBLISHED_LANGUAGE, SUBSCRIBER),
)
