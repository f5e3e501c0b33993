"""Everything the rules judge: configuration, index, context map, events, dispatch sites, flows."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from eventlint.catalogue import EventCatalogue
from eventlint.config import Config
from eventlint.contextmap import ContextMap
from eventlint.flows import EventFlows
from eventlint.handlers import Handling, handlings
from eventlint.index import ProjectIndex
from eventlint.sites import DispatchIndex


@dataclass(frozen=True)
class Project:
    """The whole project as the rules see it, built once per run."""

    config: Config
    index: ProjectIndex
    contexts: ContextMap
    events: EventCatalogue

    @functools.cached_property
    def dispatch(self) -> DispatchIndex:
        """Every call site with its role and carried events, built when a rule first asks."""
        return DispatchIndex(self.config, self.index, self.events)

    @functools.cached_property
    def handlings(self) -> list[Handling]:
        """Every event handled: subscriptions, subscriber decorators, handler mappings, typed handlers."""
        return handlings(self.dispatch)

    @functools.cached_property
    def flows(self) -> EventFlows:
        """Where each event is published and consumed, built when a rule first asks."""
        return EventFlows(self.index, self.contexts, self.events, self.dispatch, self.handlings)

    @classmethod
    def build(cls, config: Config, index: ProjectIndex) -> Project:
        """Classify the index's events against the context map."""
        contexts = ContextMap(config)
        return cls(config, index, contexts, EventCatalogue(index, contexts, config))
