"""The flows between the proposed contexts: `upstream -> downstream`, from the integration events the code
shows one context publishing and another consuming.

Read with the check's own flows (`eventlint.index.flows`), on the project as
the proposal configures it: what EVL401 would report, were relationships
declared without these. They are proposed commented out: a flow the code
shows is not always one the team means to keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eventlint.config.settings import BoundedContext, Config, DispatchPatterns
from eventlint.index.names import ProjectIndex
from eventlint.index.project import Project
from eventlint.init.phrases import is_auxiliary, listing
from eventlint.init.proposal import Entry, ProposedBases, ProposedContext, ProposedDispatch
from eventlint.model import EventKind


def propose_relationships(
    config: Config,
    index: ProjectIndex,
    bases: ProposedBases,
    contexts: Sequence[ProposedContext],
    published: Sequence[Entry],
    dispatch: ProposedDispatch,
) -> tuple[Entry, ...]:
    """Each flow of integration events between two proposed contexts, with the events and where they are consumed."""
    if len(contexts) < 2:
        return ()
    configured = replace(
        config,
        domain_bases=tuple(entry.value for entry in bases.domain),
        integration_bases=tuple(entry.value for entry in bases.integration),
        contexts=tuple(BoundedContext(context.name, context.modules) for context in contexts),
        published_language=tuple(entry.value for entry in published),
        dispatch=DispatchPatterns(**{role.value: tuple(entry.value for entry in entries) for role, entries in dispatch.by_role}),
    )
    flows = Project.build(configured, index).flows
    found: dict[tuple[str, str], list[str]] = {}
    for consumption in flows.consumptions:
        event = consumption.event
        if event.kind is not EventKind.INTEGRATION or is_auxiliary(consumption.source.module):
            continue
        for publisher in sorted(flows.publishers(event)):
            if publisher == consumption.context:
                continue
            seen = found.setdefault((publisher, consumption.context), [])
            shown = f"{event.name} ({consumption.source.display}:{consumption.span.line})"
            if not any(one.startswith(event.name + " ") for one in seen):
                seen.append(shown)
    return tuple(
        Entry(f"{publisher} -> {consumer}", f"consumes {listing(events, shown=2)}")
        for (publisher, consumer), events in sorted(found.items())
    )
