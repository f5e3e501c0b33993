"""Event flows: which bounded contexts publish and consume each event.

Built once per run from the dispatch sites, the handlers and the imports;
EVL401 and the context map of `eventlint map` read it. Only events resolved
to their class count: an event known only by its base says nothing about
which flow it travels.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from eventlint.index.call_sites import CallSites
from eventlint.index.catalogue import EventCatalogue, EventClass
from eventlint.index.contextmap import ContextMap
from eventlint.index.handlers import Handling
from eventlint.index.names import ModuleEntry, ProjectIndex
from eventlint.model import Role, Span
from eventlint.sources.discovery import SourceFile

Consumed = Literal["handler", "subscription", "import"]

TRANSPORTS: tuple[Role, ...] = (Role.BROKER, Role.OUTBOX, Role.LOCAL)  # the roles by which an event leaves
# Modules whose imports of an event are a consumption of it: the context's handlers and consumers.
HANDLER_MODULES = ("*handler*", "*consumer*", "*listener*", "*subscriber*", "*subscription*")


@dataclass(frozen=True)
class Publication:
    """An event passed to a broker, outbox or in-process bus call, in the module's context (if any)."""

    event: EventClass
    context: str | None
    source: SourceFile
    span: Span
    transport: Role  # one of TRANSPORTS


@dataclass(frozen=True)
class Consumption:
    """An event a context takes in: by a handler of it, a subscription to it, or an import by a handler module."""

    event: EventClass
    context: str
    source: SourceFile
    span: Span
    how: Consumed


def imported_events(
    index: ProjectIndex, catalogue: EventCatalogue, entry: ModuleEntry
) -> Iterator[tuple[EventClass | None, Span]]:
    """Every name a module imports that may be an event class (star imports per name), resolved."""
    for fact in entry.facts.imports:
        if fact.star:
            for event in catalogue.events.values():
                if index.star_import(fact.target, event.name) == event.qualname:
                    yield event, fact.span
            continue
        if index.may_name_event(fact.target.rpartition(".")[2]):
            yield catalogue.get(index.imported(fact)), fact.span


class EventFlows:
    """Where each event is published and consumed, and which contexts publish it."""

    def __init__(
        self,
        contexts: ContextMap,
        events: EventCatalogue,
        publications: list[Publication],
        handlings: list[Handling],
        imported: Mapping[str, Sequence[tuple[EventClass | None, Span]]],
    ) -> None:
        """`imported` holds, per relevant module whose imports of events are consumptions, the events it imports."""
        self.publications = publications
        self._publishing: dict[str, set[str]] = {}
        for publication in self.publications:
            if publication.context is not None:
                self._publishing.setdefault(publication.event.qualname, set()).add(publication.context)
        self.consumptions = list(_consumptions(contexts, events, handlings, imported, self.publishers))

    def publishers(self, event: EventClass) -> frozenset[str]:
        """The contexts an event comes from: the one defining it, else those that publish it.

        An event of the published language belongs to no context; whoever
        passes it to a broker, outbox or bus publishes it. Empty when neither
        is known.
        """
        if event.context is not None:
            return frozenset({event.context})
        return frozenset(self._publishing.get(event.qualname, ()))

    def publishing(self, context: str) -> Iterator[Publication]:
        """The publications made in one context."""
        return (publication for publication in self.publications if publication.context == context)


def publications_in(contexts: ContextMap, events: EventCatalogue, calls: CallSites, module: str) -> Iterator[Publication]:
    """The events one relevant module passes to a broker, an outbox or an in-process bus."""
    for key, _ in calls.index.functions_of(module):
        for site in calls.by_function.get(key, ()):
            transport = next((role for role in TRANSPORTS if role in site.roles), None)
            if transport is None:
                continue
            carried = [c for c in site.events if c.exact and not _is_base(events, c.event)]
            context = contexts.context_of(site.module)
            for one in carried:
                event = events.get(one.event)
                if event is not None:
                    yield Publication(event, context, site.source, site.step.span, transport)


def consumes_by_import(module: str, handlings: Iterable[Handling]) -> bool:
    """Whether a module's imports of events are consumptions: it is named for handlers, or handles by annotation."""
    return _named_as_handlers(module) or any(h.how == "annotation" and h.module == module for h in handlings)


def _is_base(events: EventCatalogue, qualname: str) -> bool:
    """Whether an event class is a base of others: a value known only as one could be any of them."""
    event = events.get(qualname)
    return event is not None and event.is_base


def _consumptions(
    contexts: ContextMap,
    events: EventCatalogue,
    handlings: list[Handling],
    imported: Mapping[str, Sequence[tuple[EventClass | None, Span]]],
    publishers: Callable[[EventClass], frozenset[str]],
) -> Iterator[Consumption]:
    handled: set[tuple[str, str]] = set()  # (module, event) with a handler or subscription
    for handling in handlings:
        event = events.get(handling.event)
        if event is None:
            continue
        handled.add((handling.module, event.qualname))
        # A subscription made by a composition root is consumed where its handler lives.
        owner = handling.handler.module if handling.handler is not None else handling.module
        context = contexts.context_of(owner) or contexts.context_of(handling.module)
        if context is not None:
            how: Consumed = "handler" if handling.how == "annotation" else "subscription"
            yield Consumption(event, context, handling.source, handling.span, how)
    for module, found in imported.items():
        context = contexts.context_of(module)
        source = events.index.source_of(module)
        if context is None or source is None:
            continue
        for event, span in found:
            # A context importing its own event (to publish it) does not consume it.
            if event is not None and (module, event.qualname) not in handled and context not in publishers(event):
                handled.add((module, event.qualname))  # the first import stands for the others
                yield Consumption(event, context, source, span, "import")


def _named_as_handlers(module: str) -> bool:
    """Whether a module's own name says it holds handlers or consumers (`integration_event_handlers`)."""
    name = module.rpartition(".")[2].lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in HANDLER_MODULES)
