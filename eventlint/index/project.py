"""Everything the rules judge: configuration, index, context map, events, call sites, flows."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from eventlint.config.settings import Config
from eventlint.index.call_sites import CallSites
from eventlint.index.catalogue import EventCatalogue
from eventlint.index.contextmap import ContextMap
from eventlint.index.flows import EventFlows
from eventlint.index.handlers import Handling, handlings
from eventlint.index.names import ProjectIndex


@dataclass(frozen=True)
class Project:
    """The whole project as the rules see it, built once per run."""

    config: Config
    index: ProjectIndex
    contexts: ContextMap
    events: EventCatalogue

    @functools.cached_property
    def calls(self) -> CallSites:
        """Every call site with its role and carried events, built when a rule first asks."""
        return CallSites(self.config, self.index, self.events)

    @functools.cached_property
    def handlings(self) -> list[Handling]:
        """Every event handled: subscriptions, subscriber decorators, handler mappings, typed handlers."""
        return handlings(self.calls)

    @functools.cached_property
    def flows(self) -> EventFlows:
        """Where each event is published and consumed, built when a rule first asks."""
        return EventFlows(self.index, self.contexts, self.events, self.calls, self.handlings)

    @classmethod
    def build(cls, config: Config, index: ProjectIndex) -> Project:
        """Classify the index's events against the context map."""
        contexts = ContextMap(config)
        return cls(config, index, contexts, EventCatalogue(index, contexts, config))
