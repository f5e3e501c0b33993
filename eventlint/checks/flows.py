"""EVL401: integration events flow along the relationships the context map declares."""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import Rule, defined_here, finding
from eventlint.model import Diagnostic, EventKind
from eventlint.project import Project


def check_undeclared_flow(project: Project) -> Iterator[Diagnostic]:
    """EVL401: an integration event consumed by a context no declared relationship connects to its publisher."""
    contexts = project.contexts
    if not contexts.relationships:
        return  # no relationships declared: the context map says nothing about flows
    flows = project.flows
    reported: set[tuple[str, int, int, str]] = set()
    for consumption in flows.consumptions:
        event, consumer = consumption.event, consumption.context
        if event.kind is not EventKind.INTEGRATION:
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
        yield finding(
            "EVL401",
            _message(event.name, publishers, consumer, project),
            consumption.source,
            consumption.span,
            context=consumer,
            event=event,
            related=(defined_here(event),),
        )


def _message(event: str, publishers: list[str], consumer: str, project: Project) -> str:
    owners = " and ".join(f"'{publisher}'" for publisher in publishers)
    declare = " or ".join(f'"{publisher} -> {consumer}"' for publisher in publishers)
    message = (
        f"integration event `{event}` of context{'s' if len(publishers) > 1 else ''} {owners} is consumed by "
        f"'{consumer}' with no declared relationship (declare {declare} in context-map.relationships)"
    )
    backwards = [p for p in publishers if (consumer, p) in project.contexts.relationships]
    if backwards:
        message += (
            f"; \"{consumer} -> {backwards[0]}\" is declared, but a relationship reads upstream -> downstream, "
            "the way integration events flow"
        )
    return message


FLOW_RULES: tuple[Rule, ...] = (Rule("EVL401", check_undeclared_flow),)
