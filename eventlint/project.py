"""Everything the rules judge: configuration, index, context map, event catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from eventlint.catalogue import EventCatalogue
from eventlint.config import Config
from eventlint.contextmap import ContextMap
from eventlint.index import ModuleEntry, ProjectIndex


@dataclass(frozen=True)
class Project:
    """The whole project as the rules see it, built once per run."""

    config: Config
    index: ProjectIndex
    contexts: ContextMap
    events: EventCatalogue

    @classmethod
    def build(cls, config: Config, entries: Mapping[str, ModuleEntry]) -> Project:
        """Index the modules, then classify events against the context map."""
        index = ProjectIndex(entries)
        contexts = ContextMap(config)
        return cls(config, index, contexts, EventCatalogue(index, contexts, config))
