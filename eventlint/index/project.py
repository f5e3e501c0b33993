"""Everything the rules judge: configuration, index, context map, events, call sites, flows.

A project may be judged whole, or only in some of its modules (`scope`):
the rules then walk the classes, functions and calls of those modules only,
while every project-wide view (handlers, publications, the transactions
functions open) still covers the whole project. A run that judges only the
modules an edit can change gives those views from what each module brought
to them when it was last judged (`Project.given`), and computes them only
for the modules judged again.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from eventlint.config.settings import Config
from eventlint.facts import FunctionFact
from eventlint.index.call_sites import CallSites, Site
from eventlint.index.catalogue import EventCatalogue, EventClass
from eventlint.index.class_info import ClassInfo
from eventlint.index.contextmap import ContextMap
from eventlint.index.flows import EventFlows, Publication, consumes_by_import, imported_events, publications_in
from eventlint.index.function_roles import opens_transaction, publishing_call
from eventlint.index.handlers import Handling, handlings_in
from eventlint.index.names import ModuleEntry, ProjectIndex
from eventlint.model import Span


@dataclass
class Views:
    """What each module brings to the project-wide views, by module (any module not given is computed)."""

    handlings: dict[str, list[Handling]] = field(default_factory=dict)
    publications: dict[str, list[Publication]] = field(default_factory=dict)
    imported: dict[str, list[tuple[EventClass | None, Span]]] = field(default_factory=dict)
    openers: dict[str, list[str]] = field(default_factory=dict)
    publishers: dict[str, list[str]] = field(default_factory=dict)

    def update(self, other: Views) -> None:
        """Take the views `other` gives, in place of these (before any view is worked out from them)."""
        for name in ("handlings", "publications", "imported", "openers", "publishers"):
            getattr(self, name).update(getattr(other, name))


@dataclass(frozen=True)
class Project:
    """The whole project as the rules see it, built once per run."""

    config: Config
    index: ProjectIndex
    contexts: ContextMap
    events: EventCatalogue
    scope: frozenset[str] | None = None  # the modules whose findings are judged (None: every one)
    given: Views = field(default_factory=Views, compare=False)  # views of modules not judged again
    shared: dict[str, object] = field(default_factory=dict, compare=False)  # what rules work out once for all of them

    @functools.cached_property
    def calls(self) -> CallSites:
        """Every call site with its role and carried events, built when a rule first asks."""
        return CallSites(self.config, self.index, self.events)

    # -- what is judged ----------------------------------------------------------------
    def judging(self, scope: frozenset[str] | None) -> Project:
        """The same project judged only in `scope`, sharing everything worked out so far."""
        judged = dataclasses.replace(self, scope=scope)
        names = {f.name for f in dataclasses.fields(self)}
        judged.__dict__.update((name, value) for name, value in self.__dict__.items() if name not in names)
        return judged

    def judges(self, module: str) -> bool:
        """Whether the findings of a module are judged in this run."""
        return self.scope is None or module in self.scope

    def judged_modules(self) -> Iterator[ModuleEntry]:
        """The relevant modules judged."""
        return (entry for name, entry in self.index.modules.items() if self.judges(name))

    def judged_events(self) -> Iterator[EventClass]:
        """The event classes defined in the modules judged."""
        return (event for event in self.events.events.values() if self.judges(event.module))

    def judged_classes(self) -> Iterator[ClassInfo]:
        """The classes of the modules judged."""
        return (info for info in self.index.iter_classes() if self.judges(info.module))

    def judged_functions(self) -> Iterator[tuple[str, str, FunctionFact]]:
        """The functions of the modules judged, as (key, module, fact)."""
        for module in self.index.modules:
            if self.judges(module):
                for key, function in self.index.functions_of(module):
                    yield key, module, function

    def judged_sites(self) -> Iterator[Site]:
        """The call sites of the functions of the modules judged."""
        calls = self.calls
        for key, _, _ in self.judged_functions():
            yield from calls.by_function.get(key, ())

    # -- project-wide views ------------------------------------------------------------
    @functools.cached_property
    def handlings_by_module(self) -> dict[str, list[Handling]]:
        """The events handled, by the relevant module that handles them (registers, declares or maps a handler)."""
        given = self.given.handlings
        return {module: given[module] if module in given else handlings_in(self.calls, module) for module in self.index.modules}

    @functools.cached_property
    def handlings(self) -> list[Handling]:
        """Every event handled: subscriptions, subscriber decorators, handler mappings, typed handlers."""
        return [handling for found in self.handlings_by_module.values() for handling in found]

    @functools.cached_property
    def publications_by_module(self) -> dict[str, list[Publication]]:
        """The events passed to a broker, an outbox or a bus, by the relevant module passing them."""
        given = self.given.publications
        return {
            module: given[module] if module in given else list(publications_in(self.contexts, self.events, self.calls, module))
            for module in self.index.modules
        }

    @functools.cached_property
    def imported_by_module(self) -> dict[str, list[tuple[EventClass | None, Span]]]:
        """The events imported by each relevant module whose imports of events are consumptions of them."""
        given = self.given.imported
        found: dict[str, list[tuple[EventClass | None, Span]]] = {}
        for module, entry in self.index.modules.items():
            if module in given:
                if given[module]:
                    found[module] = given[module]
            elif consumes_by_import(module, self.handlings_by_module[module]):
                found[module] = list(imported_events(self.index, self.events, entry))
        return found

    @functools.cached_property
    def openers_by_module(self) -> dict[str, list[str]]:
        """The functions that open a transaction themselves (a decorator or a `with` item), by relevant module."""
        given, calls = self.given.openers, self.calls
        found: dict[str, list[str]] = {}
        for module, entry in self.index.modules.items():
            if module in given:
                found[module] = given[module]
                continue
            found[module] = [
                key
                for key, function in self.index.functions_of(module)
                if calls.isolated(key, entry.source, lambda: opens_transaction(calls, key, function), False)  # noqa: B023
            ]
        return found

    @functools.cached_property
    def publishers_by_module(self) -> dict[str, list[str]]:
        """The functions whose own body publishes an integration event and does not commit, by relevant module."""
        given, calls = self.given.publishers, self.calls
        return {
            module: given[module]
            if module in given
            else [
                key for key, _ in self.index.functions_of(module) if publishing_call(calls.by_function.get(key, [])) is not None
            ]
            for module in self.index.modules
        }

    @functools.cached_property
    def flows(self) -> EventFlows:
        """Where each event is published and consumed, built when a rule first asks."""
        publications = [one for found in self.publications_by_module.values() for one in found]
        return EventFlows(self.contexts, self.events, publications, self.handlings, self.imported_by_module)

    @classmethod
    def build(
        cls, config: Config, index: ProjectIndex, scope: frozenset[str] | None = None, given: Views | None = None
    ) -> Project:
        """Classify the index's events against the context map."""
        contexts = ContextMap(config)
        return cls(config, index, contexts, EventCatalogue(index, contexts, config), scope, given or Views())
